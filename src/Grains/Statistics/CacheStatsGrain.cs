using Microsoft.Extensions.Options;
using OrleansCache.Caching;
using OrleansCache.Models;
using OrleansCache.Profiles;

namespace OrleansCache.Statistics;

/// <summary>
/// Cluster-wide cache statistics. Nothing calls it on the hot path: each silo counts the lookups
/// it answers in <see cref="CacheCounters"/>. A stats read first collects every live silo's cumulative counts
/// (one control-channel call per silo), so it includes every request already answered; silos also report on
/// their own (<see cref="CacheStatsReporter"/>), periodically and when they stop. The latest counts of each
/// silo incarnation are persisted, and a silo that has left is folded into a retired total, so neither a
/// departed silo nor a restart of the whole system takes counts with it.
/// </summary>
[GrainType("cache-stats")]
public sealed class CacheStatsGrain(
    [PersistentState("counters", StorageNames.CacheStats)] IPersistentState<CacheStatsState> state,
    IOptions<ProfileCacheOptions> profileOptions,
    IOptions<ModelCacheOptions> modelOptions) : Grain, ICacheStatsGrain, ICacheStatsCollector
{
    // How many departed silo incarnations to remember, to ignore their late reports.
    private const int RetiredSilosKept = 1000;

    async Task<CacheStatistics> ICacheStatsGrain.GetAsync()
    {
        var replies = await GrainFactory.GetGrain<IManagementGrain>(0).SendControlCommandToProvider<CacheCounters>(
            CacheCounters.ProviderName, CacheCounters.ReadCommand, null!);

        var live = new HashSet<string>(StringComparer.Ordinal);
        long profileEntries = 0, modelEntries = 0;
        var changed = false;
        foreach (var reply in replies)
        {
            if (reply is not SiloCacheCounts counts)
            {
                throw new InvalidOperationException($"A silo answered the counter read with {reply?.GetType().Name ?? "null"}.");
            }

            live.Add(counts.Silo);
            profileEntries += counts.ProfileEntries;
            modelEntries += counts.ModelEntries;
            changed |= Record(counts);
        }

        changed |= RetireDeparted(live);
        if (changed)
        {
            await state.WriteStateAsync();
        }

        // The lookups frontends answered from their near caches are hits too.
        var near = await GrainFactory.GetGrain<INearCacheDirectoryGrain>(INearCacheDirectoryGrain.Key).ReadHitsAsync();
        var totals = state.State.Silos.Values.Aggregate(state.State.Retired, (sum, silo) => sum + silo);
        return new CacheStatistics(
            [
                new CacheFigures("profiles", totals.ProfileHits + near.Profiles, totals.ProfileMisses, profileEntries, profileOptions.Value.Ttl, near.Profiles),
                new CacheFigures("models", totals.ModelHits + near.Models, totals.ModelMisses, modelEntries, modelOptions.Value.Ttl, near.Models),
            ],
            totals.DatabaseReads,
            totals.DatabaseWrites);
    }

    async Task ICacheStatsCollector.ReportAsync(SiloCacheCounts counts)
    {
        if (Record(counts))
        {
            await state.WriteStateAsync();
        }
    }

    private bool Record(SiloCacheCounts counts)
    {
        if (state.State.RetiredSilos.Contains(counts.Silo))
        {
            return false;
        }

        var latest = state.State.Silos.TryGetValue(counts.Silo, out var known)
            ? CounterTotals.Latest(known, counts.Totals)
            : counts.Totals;
        if (latest == known)
        {
            return false;
        }

        state.State.Silos[counts.Silo] = latest;
        return true;
    }

    private bool RetireDeparted(HashSet<string> live)
    {
        var departed = state.State.Silos.Keys.Where(silo => !live.Contains(silo)).ToList();
        foreach (var silo in departed)
        {
            state.State.Retired += state.State.Silos[silo];
            state.State.Silos.Remove(silo);
            state.State.RetiredSilos.Add(silo);
        }

        if (state.State.RetiredSilos.Count > RetiredSilosKept)
        {
            state.State.RetiredSilos.RemoveRange(0, state.State.RetiredSilos.Count - RetiredSilosKept);
        }

        return departed.Count > 0;
    }
}
