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
}
