using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OrleansCache.Caching;
using OrleansCache.Models;
using OrleansCache.Profiles;

namespace OrleansCache.WebFrontend.Near;

/// <summary>
/// This frontend's near cache: the grains' immutable answers (profile snapshots, the profile list, model listings), kept as they
/// are, each for the lease its grain granted (counted from when the lookup was sent, so clocks need not agree), and
/// all of them only while this frontend's membership in the near-cache directory runs. The grains call it back
/// (<see cref="INearCache"/>) to invalidate before they acknowledge a write or a sync; profile versions and per-cache
/// generations fence answers that arrive after an invalidation. A hit is lock-free; stores, invalidations and
/// evictions take one lock. Profiles and model answers share the bound of <c>Cache:Near:MaxEntries</c>. Its figures
/// are observable instruments of the meter <see cref="MeterName"/>, read only when a collector asks.
/// </summary>
public sealed class NearCache : INearCache
{
    /// <summary>The frontend's meter.</summary>
    public const string MeterName = "OrleansCache.Frontend";

    private static readonly KeyValuePair<string, object?> ProfilesTag = new("cache", "profiles");
    private static readonly KeyValuePair<string, object?> ModelsTag = new("cache", "models");

    // The key of the profile list.
    private static readonly object ListKey = new();

    // Keyed by profile id (string), by normalized model lookup (ModelQuery) or ListKey: no two kinds compare equal.
    private readonly ConcurrentDictionary<object, Entry> _entries = new();
    private readonly Dictionary<string, Fence> _fences = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly int _maxEntries;
    private readonly IGrainFactory _grains;
    private long _profileGeneration;
    private long _listGeneration;
    private long _modelGeneration;
    private long _servingUntil;
    private long _lease;
    private long _profileHits;
    private long _modelHits;
    private long _invalidations;
    private long _evictions;
    private INearCache? _reference;

    /// <summary>A near cache as <c>Cache:Near:*</c> configures it; its instruments on <paramref name="meters"/>, if given.</summary>
    public NearCache(IOptions<NearCacheOptions> options, IGrainFactory grains, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Enabled = settings.Enabled;
        _maxEntries = settings.MaxEntries;
        _lease = Ticks(settings.Lease);
        _grains = grains;
        if (meters is not null)
        {
            CreateInstruments(meters.Create(MeterName));
        }
    }

    /// <summary>Whether this frontend keeps a near cache (<c>Cache:Near:Enabled</c>).</summary>
    public bool Enabled { get; }

    /// <summary>This near cache as the cluster calls it back (created once, kept for the process's life).</summary>
    public INearCache Reference => _reference ??= _grains.CreateObjectReference<INearCache>(this);

    /// <summary>This near cache as a write names its writer, or null when this frontend keeps none.</summary>
    public INearCache? Writer => Enabled ? Reference : null;

    /// <summary>Whether the cluster has a reference to call this near cache back.</summary>
    public bool HasReference => _reference is not null;

    /// <summary>The lookups answered from memory since start, per cache.</summary>
    public NearHits Hits => new(Volatile.Read(ref _profileHits), Volatile.Read(ref _modelHits));

    /// <summary>The answers held now (profiles and model answers).</summary>
    public int Count => _entries.Count;

    /// <summary>Copies dropped because the cluster invalidated them (writes, syncs, clears) since start.</summary>
    public long Invalidations => Volatile.Read(ref _invalidations);

    /// <summary>Copies dropped to stay within <c>Cache:Near:MaxEntries</c> since start.</summary>
    public long Evictions => Volatile.Read(ref _evictions);

    /// <summary>Whether this near cache answers from memory now (its membership runs).</summary>
    public bool Serving => Stopwatch.GetTimestamp() < Volatile.Read(ref _servingUntil);

    /// <summary>The profile <paramref name="id"/> if a copy is held whose lease runs, counting the lookup as a hit.</summary>
    public bool TryGet(string id, [MaybeNullWhen(false)] out ProfileSnapshot snapshot) => TryGet(id, ref _profileHits, out snapshot);

    /// <summary>The answer of <paramref name="query"/> if a copy is held whose lease runs, counting the lookup as a hit.</summary>
    public bool TryGet(ModelQuery query, [MaybeNullWhen(false)] out ModelListing listing) => TryGet(query, ref _modelHits, out listing);

    /// <summary>The whole profile list if a copy is held whose lease runs, counting the lookup as a (profile) hit.</summary>
    public bool TryGetList(out ImmutableArray<ProfileSnapshot> profiles) => TryGet(ListKey, ref _profileHits, out profiles);

    /// <summary>Taken just before a profile lookup is sent: when, and which clear generation it belongs to.</summary>
    public NearTicket Begin() => new(Stopwatch.GetTimestamp(), Volatile.Read(ref _profileGeneration));

    /// <summary>Taken just before a list lookup is sent: when, and which list generation it belongs to.</summary>
    public NearTicket BeginList() => new(Stopwatch.GetTimestamp(), Volatile.Read(ref _listGeneration));

    /// <summary>Taken just before a model lookup is sent: when, and which catalog generation it belongs to.</summary>
    public NearTicket BeginModels() => new(Stopwatch.GetTimestamp(), Volatile.Read(ref _modelGeneration));

    /// <summary>Keeps a granted profile, unless it arrived too late, a clear or an invalidation since makes it stale, or no lease was granted.</summary>
    public void Store(string id, NearGrant grant, NearTicket ticket) => Store(id, grant.Result.Profile, grant.Lease, ticket);

    /// <summary>Keeps this frontend's own write's result at its new version, on the lease the write granted (as <see cref="Store(string, NearGrant, NearTicket)"/>).</summary>
    public void Store(string id, ProfileResult written, NearTicket ticket) => Store(id, written.Profile, written.Lease, ticket);

    private void Store(string id, ProfileSnapshot? profile, TimeSpan lease, NearTicket ticket)
    {
        if (profile is not { } snapshot || LeaseEnd(lease, ticket) is not { } expiresAt)
        {
            return;
        }

        lock (_lock)
        {
            if (ticket.Generation != _profileGeneration
                || (_fences.TryGetValue(id, out var fence) && fence.Until > Stopwatch.GetTimestamp() && snapshot.Version < fence.Version))
            {
                return;
            }

            Add(id, new Entry(snapshot, snapshot.Version, expiresAt));
        }
    }

    /// <summary>Keeps a granted profile list, unless it arrived too late, a write or a clear since makes it stale, or no lease was granted.</summary>
    public void Store(ProfileListGrant grant, NearTicket ticket)
    {
        if (LeaseEnd(grant.Lease, ticket) is not { } expiresAt)
        {
            return;
        }

        lock (_lock)
        {
            if (ticket.Generation == _listGeneration)
            {
                Add(ListKey, new Entry(grant.Profiles, 0, expiresAt));
            }
        }
    }

    /// <summary>Keeps a granted model answer, unless it arrived too late, a sync or a clear since makes it stale, or no lease was granted.</summary>
    public void Store(ModelQuery query, ModelGrant grant, NearTicket ticket)
    {
        if (LeaseEnd(grant.Lease, ticket) is not { } expiresAt)
        {
            return;
        }

        lock (_lock)
        {
            if (ticket.Generation == _modelGeneration)
            {
                Add(query, new Entry(grant.Listing, 0, expiresAt));
            }
        }
    }

    /// <summary>
    /// The directory renewed this frontend's membership, counted from <paramref name="sentAt"/>. After a gap in the
    /// membership, broadcasts may have missed this frontend: everything it held, or was granted before, is dropped first.
    /// </summary>
    public void Renewed(long sentAt, NearMembership membership)
    {
        if (!membership.Continuous)
        {
            lock (_lock)
            {
                _profileGeneration++;
                _listGeneration++;
                _modelGeneration++;
                Drop(static _ => true);
            }
        }

        var ticks = Ticks(membership.Lease);
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
            if (_entries.TryGetValue(id, out var entry) && entry.Version < version && _entries.TryRemove(id, out _))
            {
                _invalidations++;
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
    public Task InvalidateListAsync()
    {
        lock (_lock)
        {
            _listGeneration++;
            Drop(static key => key == ListKey);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task InvalidateModelsAsync()
    {
        lock (_lock)
        {
            _modelGeneration++;
            Drop(static key => key is ModelQuery);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearAsync()
    {
        lock (_lock)
        {
            _profileGeneration++;
            _listGeneration++;
            Drop(static key => key is string || key == ListKey);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<NearHits> ReadHitsAsync() => Task.FromResult(Hits);

    private void CreateInstruments(Meter meter)
    {
        meter.CreateObservableCounter(
            "orleanscache.near.hits",
            () =>
            {
                var hits = Hits;
                return new Measurement<long>[] { new(hits.Profiles, ProfilesTag), new(hits.Models, ModelsTag) };
            },
            "{lookup}",
            "Lookups this frontend answered from its own memory (they are hits of the cluster-wide stats too).");
        meter.CreateObservableUpDownCounter("orleanscache.near.entries", () => Count, "{entry}", "Answers this frontend holds now.");
        meter.CreateObservableCounter("orleanscache.near.invalidations", () => Invalidations, "{entry}", "Copies the cluster invalidated (writes, syncs, clears).");
        meter.CreateObservableCounter("orleanscache.near.evictions", () => Evictions, "{entry}", "Copies dropped to stay within Cache:Near:MaxEntries.");
        meter.CreateObservableUpDownCounter(
            "orleanscache.near.serving", () => Serving ? 1 : 0, "{frontend}", "1 while this frontend's membership runs and it answers from memory, else 0.");
    }

    // A duration in Stopwatch timestamp units.
    private static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    // When a granted answer's copy expires, or null when it must not be kept (no lease, or it ran out on the way).
    private static long? LeaseEnd(TimeSpan lease, NearTicket ticket)
    {
        if (lease <= TimeSpan.Zero)
        {
            return null;
        }

        var expiresAt = ticket.SentAt + Ticks(lease);
        return Stopwatch.GetTimestamp() < expiresAt ? expiresAt : null;
    }

    // A held value whose lease runs, while this frontend serves, counting the hit in hits.
    private bool TryGet<T>(object key, ref long hits, [MaybeNullWhen(false)] out T value)
    {
        var now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _servingUntil) && _entries.TryGetValue(key, out var entry) && now < entry.ExpiresAt)
        {
            entry.LastUsed = now;
            Interlocked.Increment(ref hits);
            value = (T)entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    // Under the lock.
    private void Add(object key, Entry entry)
    {
        entry.LastUsed = Stopwatch.GetTimestamp();
        _entries[key] = entry;
        if (_entries.Count > _maxEntries)
        {
            EvictLeastRecentlyUsed();
        }
    }

    // Under the lock: drops the copies whose keys match, counting them as invalidated.
    private void Drop(Func<object, bool> match)
    {
        foreach (var key in _entries.Keys)
        {
            if (match(key) && _entries.TryRemove(key, out _))
            {
                _invalidations++;
            }
        }
    }

    // Drops the least recently used tenth (at least one), so an eviction's sort is paid once per many stores.
    private void EvictLeastRecentlyUsed()
    {
        var entries = _entries.ToArray();
        Array.Sort(entries, static (a, b) => a.Value.LastUsed.CompareTo(b.Value.LastUsed));
        var drop = Math.Max(1, entries.Length - (_maxEntries - (_maxEntries / 10)));
        for (var i = 0; i < drop; i++)
        {
            if (_entries.TryRemove(entries[i].Key, out _))
            {
                _evictions++;
            }
        }
    }

    // Value: a ProfileSnapshot (Version its version), a ModelListing or the profile list (Version 0).
    private sealed class Entry(object value, long version, long expiresAt)
    {
        public object Value { get; } = value;

        public long Version { get; } = version;

        public long ExpiresAt { get; } = expiresAt;

        public long LastUsed { get; set; }
    }

    private readonly record struct Fence(long Version, long Until);
}
