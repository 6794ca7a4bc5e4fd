using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Profiles;

/// <summary>A 304 Not Modified carrying the current ETag.</summary>
internal sealed class NotModifiedResult(long version) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status304NotModified;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        httpContext.Response.Headers.ETag = EntityTags.Format(version);

        // A 304 carries the Cache-Control its 200 would have (RFC 9110, 15.4.5).
        httpContext.Response.Headers.CacheControl = CacheHeaders.Revalidate;
        return Task.CompletedTask;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void), []));
}
