using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// 200 with JSON a grain already serialized (a cached answer) as the body, an optional ETag and
/// <c>Cache-Control: no-cache</c> (<see cref="CacheHeaders"/>): the frontend serializes nothing on a read. <typeparamref name="TShape"/> is the type the bytes are the JSON of, for the
/// OpenAPI document.
/// </summary>
internal sealed class StoredJson<TShape>(byte[] json, long? version = null) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, StatusCodes.Status200OK, json, version, location: null);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TShape), ["application/json"]));

    /// <summary>Writes <paramref name="json"/> with <paramref name="statusCode"/>, the ETag of <paramref name="version"/>, and a Location.</summary>
    internal static Task WriteAsync(HttpContext httpContext, int statusCode, byte[] json, long? version, string? location)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
        response.Headers.CacheControl = CacheHeaders.Revalidate;
        if (version is { } etag)
        {
            response.Headers.ETag = EntityTags.Format(etag);
        }

        if (location is not null)
        {
            response.Headers.Location = location;
        }

        return response.Body.WriteAsync(json, httpContext.RequestAborted).AsTask();
    }
}
