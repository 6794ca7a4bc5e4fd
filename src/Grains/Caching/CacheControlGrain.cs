using OrleansCache.Models;
using OrleansCache.Profiles;

namespace OrleansCache.Caching;

/// <summary>Empties the caches cluster-wide. Statistics are not its business: counters are kept.</summary>
[GrainType("cache-control")]
public sealed class CacheControlGrain : Grain, ICacheControlGrain
{
    async Task ICacheControlGrain.ClearAsync(bool profiles, bool models)
    {
        var work = new List<Task>(3);
        if (profiles)
        {
            // O(1) per silo however many profiles it holds: each silo moves its epoch on.
            work.Add(GrainFactory.GetGrain<IManagementGrain>(0).SendControlCommandToProvider<ProfileCacheEpoch>(
                ProfileCacheEpoch.ProviderName, ProfileCacheEpoch.ClearCommand, null!));
            work.Add(GrainFactory.GetGrain<IProfileListGrain>(IProfileListGrain.Key).InvalidateAsync());
        }

        if (models)
        {
            work.Add(GrainFactory.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ClearAsync());
        }

        await Task.WhenAll(work);
        if (profiles)
        {
            // Every profile a frontend holds was loaded before the epochs moved on; the epochs have moved on
            // everywhere, so no grant of older data can start now: empty the frontends (late grants are fenced).
            await GrainFactory.GetGrain<INearCacheDirectoryGrain>(INearCacheDirectoryGrain.Key).ClearAsync();
        }
    }
}
