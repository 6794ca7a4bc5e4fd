namespace OrleansCache.Statistics;

/// <summary>
/// One cache in the stats: lookups, entries now, hit rate ("83.9%") and TTL in seconds; <c>near</c> says how many of
/// the hits frontends answered from their own memory.
/// </summary>
public sealed record CacheStatsEntry(string Name, long Hits, long Misses, long Size, string HitRate, long Ttl, NearStatsEntry Near);
