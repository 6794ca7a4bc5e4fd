using Orleans.Providers;

namespace OrleansCache.Caching;

/// <summary>
/// This silo's profile cache epoch, and the profiles it holds in it. Clearing the profile cache moves the epoch on
/// (<see cref="Clear"/>), which makes every profile loaded before it stale at once, however many there are: each
/// reloads on its next read, and leaves memory by its TTL if never read again. <see cref="CacheControlGrain"/> reaches
/// every silo's instance through the management grain's control channel (<see cref="IControllable"/>). Entries are
/// counted per epoch: a clear starts the count again at 0, and an entry loaded before it is not subtracted again
/// when it leaves.
/// </summary>
public sealed class ProfileCacheEpoch : IControllable
{
    /// <summary>The name under which the control channel finds this service.</summary>
    public const string ProviderName = "orleanscache-profile-epoch";

    /// <summary>The control command that clears this silo's profile cache (<see cref="Clear"/>).</summary>
    public const int ClearCommand = 1;

    // The lock keeps an entry's arrival from straddling a clear.
    private readonly Lock _lock = new();
    private long _epoch;
    private long _entries;

    /// <summary>The current epoch: a profile loaded in an earlier one is stale.</summary>
    public long Current => Volatile.Read(ref _epoch);

    /// <summary>The profiles (and profile lists) this silo holds in the current epoch.</summary>
    public long Entries
    {
        get
        {
            lock (_lock)
            {
                return _entries;
            }
        }
    }

    /// <summary>A profile (or the profile list) entered memory; returns the epoch it was counted in.</summary>
    public long EntryAdded()
    {
        lock (_lock)
        {
            _entries++;
            return _epoch;
        }
    }

    /// <summary>A profile (or the profile list) counted in <paramref name="epoch"/> left memory.</summary>
    public void EntryRemoved(long epoch)
    {
        lock (_lock)
        {
            if (epoch == _epoch)
            {
                _entries--;
            }
        }
    }

    /// <summary>Makes every profile this silo holds stale (each reloads on its next read) and counts none.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _epoch++;
            _entries = 0;
        }
    }

    /// <inheritdoc />
    public Task<object?> ExecuteCommand(int command, object? arg)
    {
        if (command != ClearCommand)
        {
            throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown profile cache command.");
        }

        Clear();
        return Task.FromResult<object?>(null);
    }
}
