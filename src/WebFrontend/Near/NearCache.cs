using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using OrleansCache.Caching;
using OrleansCache.Profiles;

namespace OrleansCache.WebFrontend.Near;

/// <summary>
/// This frontend's near cache of profiles: the grains' immutable snapshots, kept as they are, each for the lease its
/// grain granted (counted from when the lookup was sent, so clocks need not agree), and all of them only while this
/// frontend's membership in the near-cache directory runs. The grains call it back (<see cref="INearCache"/>) to
/// invalidate before they acknowledge a write; versions and a clear generation fence answers that arrive after an
/// invalidation. A hit is lock-free; stores, invalidations and evictions take one lock.
/// </summary>
public sealed class NearCache(IOptions<NearCacheOptions> options, IGrainFactory grains) : INearCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Fence> _fences = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly int _maxEntries = options.Value.MaxEntries;
    private long _generation;
    private long _servingUntil;
    private long _lease = Ticks(options.Value.Lease);
    private long _hits;
    private INearCache? _reference;

    /// <summary>Whether this frontend keeps a near cache (<c>Cache:Near:Enabled</c>).</summary>
    public bool Enabled { get; } = options.Value.Enabled;

    /// <summary>This near cache as the cluster calls it back (created once, kept for the process's life).</summary>
    public INearCache Reference => _reference ??= grains.CreateObjectReference<INearCache>(this);

    /// <summary>Whether the cluster has a reference to call this near cache back.</summary>
    public bool HasReference => _reference is not null;

    /// <summary>The lookups answered from memory since start.</summary>
    public long Hits => Volatile.Read(ref _hits);

    /// <summary>The profiles held now.</summary>
    public int Count => _entries.Count;

    /// <summary>The profile <paramref name="id"/> if a copy is held whose lease runs, counting the lookup as a hit.</summary>
    public bool TryGet(string id, out ProfileSnapshot snapshot)
    {
        var now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _servingUntil) && _entries.TryGetValue(id, out var entry) && now < entry.ExpiresAt)
        {
            entry.LastUsed = now;
            Interlocked.Increment(ref _hits);
            snapshot = entry.Snapshot;
            return true;
        }

        snapshot = null!;
        return false;
    }

    /// <summary>Taken just before a lookup is sent: when, and which clear generation it belongs to.</summary>
    public NearTicket Begin() => new(Stopwatch.GetTimestamp(), Volatile.Read(ref _generation));

    /// <summary>Keeps a granted answer, unless it arrived too late, a clear or an invalidation since makes it stale, or no lease was granted.</summary>
    public void Store(string id, NearGrant grant, NearTicket ticket)
    {
        if (grant.Result.Profile is not { } snapshot || grant.Lease <= TimeSpan.Zero)
        {
            return;
        }

        var expiresAt = ticket.SentAt + Ticks(grant.Lease);
        var now = Stopwatch.GetTimestamp();
        if (now >= expiresAt)
        {
            return;
        }

        lock (_lock)
        {
            if (ticket.Generation != _generation
                || (_fences.TryGetValue(id, out var fence) && fence.Until > now && snapshot.Version < fence.Version))
            {
                return;
            }

            _entries[id] = new Entry(snapshot, expiresAt) { LastUsed = now };
            if (_entries.Count > _maxEntries)
            {
                EvictLeastRecentlyUsed();
            }
        }
    }

    /// <summary>The directory renewed this frontend's membership for <paramref name="lease"/>, counted from <paramref name="sentAt"/>.</summary>
    public void Renewed(long sentAt, TimeSpan lease)
    {
        var ticks = Ticks(lease);
        Volatile.Write(ref _lease, ticks);
        var until = sentAt + ticks;
        if (until > Volatile.Read(ref _servingUntil))
        {
            Volatile.Write(ref _servingUntil, until);
        }
    }

    /// <inheritdoc />
    public Task InvalidateAsync(string id, long version)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            // Any answer granted before this call has a lease that ends within one lease from now.
            _fences[id] = new Fence(version, now + Volatile.Read(ref _lease));
            if (_entries.TryGetValue(id, out var entry) && entry.Snapshot.Version < version)
            {
                _entries.TryRemove(id, out _);
            }

            if (_fences.Count > 1024)
            {
                foreach (var (key, fence) in _fences)
                {
                    if (fence.Until <= now)
                    {
                        _fences.Remove(key);
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearAsync()
    {
        lock (_lock)
        {
            _generation++;
            _entries.Clear();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<long> ReadHitsAsync() => Task.FromResult(Hits);

    // A duration in Stopwatch timestamp units.
    private static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    // Drops the least recently used tenth (at least one), so an eviction's sort is paid once per many stores.
    private void EvictLeastRecentlyUsed()
    {
        var entries = _entries.ToArray();
        Array.Sort(entries, static (a, b) => a.Value.LastUsed.CompareTo(b.Value.LastUsed));
        var drop = Math.Max(1, entries.Length - (_maxEntries - (_maxEntries / 10)));
        for (var i = 0; i < drop; i++)
        {
            _entries.TryRemove(entries[i].Key, out _);
        }
    }

    private sealed class Entry(ProfileSnapshot snapshot, long expiresAt)
    {
        public ProfileSnapshot Snapshot { get; } = snapshot;

        public long ExpiresAt { get; } = expiresAt;

        public long LastUsed { get; set; }
    }

    private readonly record struct Fence(long Version, long Until);
}
