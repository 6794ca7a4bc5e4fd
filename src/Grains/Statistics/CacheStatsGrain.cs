using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using OrleansCache.Profiles;

namespace OrleansCache.Statistics;

/// <summary>
/// Adds up what every silo counted. Nothing calls it on the hot path: lookups are counted in
/// <see cref="CacheCounters"/> on the silo that answers them, and this grain reads those counters when asked.
/// </summary>
[GrainType("cache-stats")]
public sealed class CacheStatsGrain(IOptions<ProfileCacheOptions> profileOptions) : Grain, ICacheStatsGrain
{
    async Task<CacheStatistics> ICacheStatsGrain.GetAsync()
    {
        var management = GrainFactory.GetGrain<IManagementGrain>(0);
        var replies = await management.SendControlCommandToProvider<CacheCounters>(
            CacheCounters.ProviderName, CacheCounters.ReadCommand, null!);

        long hits = 0, misses = 0, entries = 0, reads = 0, writes = 0;
        foreach (var reply in replies)
        {
            if (reply is not SiloCacheCounts counts)
            {
                throw new InvalidOperationException($"A silo answered the counter read with {reply?.GetType().Name ?? "null"}.");
            }

            hits += counts.ProfileHits;
            misses += counts.ProfileMisses;
            entries += counts.ProfileEntries;
            reads += counts.DatabaseReads;
            writes += counts.DatabaseWrites;
        }

        return new CacheStatistics(
            [new CacheFigures("profiles", hits, misses, entries, profileOptions.Value.Ttl)],
            reads,
            writes);
    }
}
