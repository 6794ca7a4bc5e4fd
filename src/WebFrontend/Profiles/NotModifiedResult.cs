using System.Buffers;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Profiles;

/// <summary>A 304 Not Modified carrying the current ETag.</summary>
internal sealed class NotModifiedResult(long version) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        httpContext.Response.Headers.ETag = EntityTags.Format(version);
        return Task.CompletedTask;
    }
}
