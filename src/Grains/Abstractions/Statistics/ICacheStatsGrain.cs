namespace OrleansCache.Statistics;

/// <summary>Cluster-wide cache statistics (key <see cref="Key"/>).</summary>
[Alias("cache.ICacheStatsGrain")]
public interface ICacheStatsGrain : IGrainWithIntegerKey
{
    /// <summary>The one key of this grain.</summary>
    public const long Key = 0;

    /// <summary>Collects what every silo has counted and returns the totals; includes every request already answered.</summary>
    [Alias("get")]
    Task<CacheStatistics> GetAsync();

    /// <summary>
    /// Empties the named caches on every silo: afterwards their size is 0 and the next read of any key is a miss.
    /// Counters are kept.
    /// </summary>
    [Alias("clear")]
    Task ClearAsync(bool profiles, bool models);
}
