namespace OrleansCache.WebFrontend.Cache;

internal sealed record CacheStatsEntry(string Name, long Hits, long Misses, long Size, string HitRate, long Ttl);
