using Orleans.Providers;
using OrleansCache.Storage;

namespace OrleansCache.Statistics;

/// <summary>
/// This silo's cache counters and its profile cache epoch. Hits and misses are interlocked fields, bumped on the
/// hot path with no message and no lock. <see cref="CacheStatsGrain"/> reaches every silo's instance through the
/// management grain's control channel (<see cref="IControllable"/>): one call per silo to read the counts, or
/// to clear the profile cache by moving the epoch on, which makes every profile loaded before it stale at once.
/// </summary>
public sealed class CacheCounters(StatementCounter statements, ILocalSiloDetails silo) : IControllable
{
    /// <summary>The name under which the control channel finds this service.</summary>
    public const string ProviderName = "orleanscache-counters";

    /// <summary>The control command that returns a <see cref="SiloCacheCounts"/>.</summary>
    public const int ReadCommand = 1;

    /// <summary>The control command that clears this silo's profile cache (<see cref="ClearProfiles"/>).</summary>
    public const int ClearProfilesCommand = 2;

    // Entries are counted per epoch: a clear starts the count again at 0, and an entry loaded before it
    // is not subtracted again when it leaves. The lock keeps an add from straddling a clear.
    private readonly Lock _entries = new();
    private long _profileEpoch;

    private long _profileHits;
    private long _profileMisses;
    private long _profileEntries;
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

    /// <summary>The profile cache epoch of this silo: a profile loaded in an earlier one is stale.</summary>
    public long ProfileEpoch => Volatile.Read(ref _profileEpoch);

    /// <summary>A profile (or the profile list) entered memory; returns the epoch it was counted in.</summary>
    public long ProfileEntryAdded()
    {
        lock (_entries)
        {
            _profileEntries++;
            return _profileEpoch;
        }
    }

    /// <summary>A profile (or the profile list) counted in <paramref name="epoch"/> left memory.</summary>
    public void ProfileEntryRemoved(long epoch)
    {
        lock (_entries)
        {
            if (epoch == _profileEpoch)
            {
                _profileEntries--;
            }
        }
    }

    /// <summary>Makes every profile this silo holds stale (each reloads on its next read) and counts none.</summary>
    public void ClearProfiles()
    {
        lock (_entries)
        {
            _profileEpoch++;
            _profileEntries = 0;
        }
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
        ReadProfileEntries(),
        Volatile.Read(ref _modelEntries));

    /// <inheritdoc />
    public Task<object?> ExecuteCommand(int command, object? arg) => command switch
    {
        ReadCommand => Task.FromResult<object?>(Read()),
        ClearProfilesCommand => ClearProfilesAndAnswer(),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown cache counter command."),
    };

    private long ReadProfileEntries()
    {
        lock (_entries)
        {
            return _profileEntries;
        }
    }

    private Task<object?> ClearProfilesAndAnswer()
    {
        ClearProfiles();
        return Task.FromResult<object?>(null);
    }
}
