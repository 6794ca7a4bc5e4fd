namespace OrleansCache.Statistics;

/// <summary>
/// The answer of <c>GET /api/cache/stats</c>: each cache's figures and the database's statement counts. The silo's
/// cache dashboard serves the same document, built by <see cref="From"/>, so both show the same figures.
/// </summary>
public sealed record CacheStatsDocument(IReadOnlyList<CacheStatsEntry> Caches, DatabaseStatsEntry Database)
{
    /// <summary>The document of what <see cref="ICacheStatsGrain.GetAsync"/> returned.</summary>
    public static CacheStatsDocument From(CacheStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var caches = new CacheStatsEntry[statistics.Caches.Length];
        for (var i = 0; i < caches.Length; i++)
        {
            var cache = statistics.Caches[i];
            caches[i] = new CacheStatsEntry(
                cache.Name, cache.Hits, cache.Misses, cache.Size, CacheStatsEntry.FormatHitRate(cache.Hits, cache.Misses),
                (long)cache.Ttl.TotalSeconds, new NearStatsEntry(cache.NearHits));
        }

        return new CacheStatsDocument(caches, new DatabaseStatsEntry(statistics.DatabaseReads, statistics.DatabaseWrites));
    }
}
