namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>One cache's figures in <c>GET /api/cache/stats</c>.</summary>
internal sealed record CacheFigures(long Hits, long Misses, long Size, string HitRate, long Ttl);
