namespace OrleansCache.Models;

/// <summary>
/// The model catalog cache (key <see cref="Key"/>): the answer of each lookup, cached for an absolute TTL; every
/// sync goes through it and empties it once its transaction has committed.
/// </summary>
[Alias("cache.IModelCatalogGrain")]
public interface IModelCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The one key of this grain.</summary>
    public const long Key = 0;

    /// <summary>Answers a lookup, from the cache or from the database. Counts one lookup.</summary>
    [Alias("get")]
    ValueTask<ModelListing> GetAsync(ModelQuery query);

    /// <summary>
    /// As <see cref="GetAsync"/>, and grants <paramref name="holder"/> a lease on the answer: until it ends, a sync or a
    /// clear is acknowledged only after <paramref name="holder"/> confirmed its invalidation (or the lease ran out).
    /// </summary>
    [Alias("get-near")]
    ValueTask<ModelGrant> GetNearAsync(ModelQuery query, Caching.INearCache holder);

    /// <summary>Upserts the models (and prunes, if asked) in one transaction, then empties the cache and every frontend's copies.</summary>
    [ResponseTimeout(Caching.NearCacheOptions.ChangeResponseTimeout), Alias("sync")]
    Task<ModelSyncResult> SyncAsync(ModelSyncRequest request);

    /// <summary>Empties the cache, including loads in flight: the next lookup of any query reads the database.</summary>
    [ResponseTimeout(Caching.NearCacheOptions.ChangeResponseTimeout), Alias("clear")]
    Task ClearAsync();
}
