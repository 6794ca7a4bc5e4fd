using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using OrleansCache.Models;
using OrleansCache.Profiles;

namespace OrleansCache.Statistics;

/// <summary>
/// Adds up what every silo counted. Nothing calls it on the hot path: lookups are counted in
/// <see cref="CacheCounters"/> on the silo that answers them, and this grain reads those counters when asked.
/// </summary>
[GrainType("cache-stats")]
public sealed class CacheStatsGrain(IOptions<ProfileCacheOptions> profileOptions, IOptions<ModelCacheOptions> modelOptions) : Grain, ICacheStatsGrain
{
    async Task<CacheStatistics> ICacheStatsGrain.GetAsync()
    {
        var management = GrainFactory.GetGrain<IManagementGrain>(0);
        var replies = await management.SendControlCommandToProvider<CacheCounters>(
            CacheCounters.ProviderName, CacheCounters.ReadCommand, null!);

        long profileHits = 0, profileMisses = 0, profileEntries = 0, modelHits = 0, modelMisses = 0, modelEntries = 0, reads = 0, writes = 0;
        foreach (var reply in replies)
        {
            if (reply is not SiloCacheCounts counts)
            {
                throw new InvalidOperationException($"A silo answered the counter read with {reply?.GetType().Name ?? "null"}.");
            }

            profileHits += counts.ProfileHits;
            profileMisses += counts.ProfileMisses;
            profileEntries += counts.ProfileEntries;
            modelHits += counts.ModelHits;
            modelMisses += counts.ModelMisses;
            modelEntries += counts.ModelEntries;
            reads += counts.DatabaseReads;
            writes += counts.DatabaseWrites;
        }

        return new CacheStatistics(
            [
                new CacheFigures("profiles", profileHits, profileMisses, profileEntries, profileOptions.Value.Ttl),
                new CacheFigures("models", modelHits, modelMisses, modelEntries, modelOptions.Value.Ttl),
            ],
            reads,
            writes);
    }

    async Task ICacheStatsGrain.ClearAsync(bool profiles, bool models)
    {
        var work = new List<Task>(3);
        if (profiles)
        {
            // O(1) per silo however many profiles it holds: each silo moves its epoch on, and every profile
            // loaded before reloads on its next read (and leaves memory by its TTL if never read again).
            work.Add(GrainFactory.GetGrain<IManagementGrain>(0).SendControlCommandToProvider<CacheCounters>(
                CacheCounters.ProviderName, CacheCounters.ClearProfilesCommand, null!));
            work.Add(GrainFactory.GetGrain<IProfileListGrain>(IProfileListGrain.Key).InvalidateAsync());
        }

        if (models)
        {
            work.Add(GrainFactory.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ClearAsync());
        }

        await Task.WhenAll(work);
    }
}
