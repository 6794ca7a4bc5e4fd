namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// HEAD on every GET route: the same handler answers it, so headers (ETag, Content-Length, Cache-Control) and
/// conditional requests (If-None-Match, 304) are exactly GET's, and Kestrel sends no body for a HEAD request.
/// </summary>
internal static class HeadRequests
{
    private static readonly HttpMethodMetadata GetAndHead = new([HttpMethods.Get, HttpMethods.Head]);

    /// <summary>Lets every GET endpoint of <paramref name="builder"/> (a route or a group) answer HEAD too.</summary>
    public static TBuilder WithHeadForGet<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        // Finally: after the routes' own conventions, so their method metadata is there to read.
        builder.Finally(AddHead);
        return builder;
    }

    private static void AddHead(EndpointBuilder endpoint)
    {
        // Routing reads the last method metadata; a route that already names HEAD, or not GET, stays as it is.
        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault();
        if (methods is not null && methods.HttpMethods.Count == 1 && HttpMethods.IsGet(methods.HttpMethods[0]))
        {
            endpoint.Metadata.Add(GetAndHead);
        }
    }
}
