namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// Writes JSON that a grain already serialized (a cached answer) as the body, with an optional ETag and
/// Location: the frontend serializes nothing on a read.
/// </summary>
internal sealed class Utf8JsonResult(byte[] json, int statusCode = StatusCodes.Status200OK, long? version = null, string? location = null) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
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
