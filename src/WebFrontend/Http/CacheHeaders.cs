using Microsoft.Extensions.Primitives;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// <c>Cache-Control</c> of answers the cluster caches: <c>no-cache</c>, so a browser or proxy may keep a copy but asks
/// again (with If-None-Match for a profile) before using it, and never serves one the cluster has replaced.
/// </summary>
internal static class CacheHeaders
{
    /// <summary>One value for every response: setting it allocates nothing per request (the hot profile read included).</summary>
    public static readonly StringValues Revalidate = new("no-cache");
}
