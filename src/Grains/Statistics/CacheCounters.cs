using Orleans.Providers;
using OrleansCache.Caching;
using OrleansCache.Storage;

namespace OrleansCache.Statistics;

/// <summary>
/// This silo's cache counters. Hits and misses are interlocked fields, bumped on the hot path with no message and no
/// lock; the profiles held are <see cref="ProfileCacheEpoch"/>'s count. <see cref="CacheStatsGrain"/> reaches every
/// silo's instance through the management grain's control channel (<see cref="IControllable"/>): one call per silo
/// to read the counts.
/// </summary>
public sealed class CacheCounters(StatementCounter statements, ProfileCacheEpoch epoch, ILocalSiloDetails silo) : IControllable
{
    /// <summary>The name under which the control channel finds this service.</summary>
    public const string ProviderName = "orleanscache-counters";

    /// <summary>The control command that returns a <see cref="SiloCacheCounts"/>.</summary>
    public const int ReadCommand = 1;

    private long _profileHits;
    private long _profileMisses;
    private long _modelHits;
    private long _modelMisses;
    private long _modelEntries;

    public void ProfileHit()
    {
        Interlocked.Increment(ref _profileHits);
    }

    public void ProfileMiss()
    {
        Interlocked.Increment(ref _profileMisses);
    }

    public void ModelHit()
    {
        Interlocked.Increment(ref _modelHits);
    }

    public void ModelMiss()
    {
        Interlocked.Increment(ref _modelMisses);
    }

    /// <summary>A model lookup's answer entered the cache.</summary>
    public void ModelEntryAdded() => Interlocked.Increment(ref _modelEntries);

    /// <summary>A model lookup's answer left the cache.</summary>
    public void ModelEntryRemoved() => Interlocked.Decrement(ref _modelEntries);

    /// <summary>The counts of this silo now.</summary>
    public SiloCacheCounts Read() => new(
        silo.SiloAddress.ToParsableString(),
        new CounterTotals(
            Volatile.Read(ref _profileHits),
            Volatile.Read(ref _profileMisses),
            Volatile.Read(ref _modelHits),
            Volatile.Read(ref _modelMisses),
            statements.Reads,
            statements.Writes),
        epoch.Entries,
        Volatile.Read(ref _modelEntries));

    /// <inheritdoc />
    public Task<object?> ExecuteCommand(int command, object? arg) => command switch
    {
        ReadCommand => Task.FromResult<object?>(Read()),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown cache counter command."),
    };
}
