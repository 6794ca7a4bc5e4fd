namespace OrleansCache.Caching;

/// <summary>Empties the caches cluster-wide (key <see cref="Key"/>); statistics are kept.</summary>
[Alias("cache.ICacheControlGrain")]
public interface ICacheControlGrain : IGrainWithIntegerKey
{
    /// <summary>The one key of this grain.</summary>
    public const long Key = 0;

    /// <summary>
    /// Empties the named caches on every silo: afterwards their size is 0 and the next read of any key is a miss.
    /// Counters are kept.
    /// </summary>
    [ResponseTimeout(NearCacheOptions.ChangeResponseTimeout), Alias("clear")]
    Task ClearAsync(bool profiles, bool models);
}
