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

    /// <summary>Upserts the models (and prunes, if asked) in one transaction, then empties the cache.</summary>
    [Alias("sync")]
    Task<ModelSyncResult> SyncAsync(ModelSyncRequest request);

    /// <summary>Empties the cache, including loads in flight: the next lookup of any query reads the database.</summary>
    [Alias("clear")]
    Task ClearAsync();
}
