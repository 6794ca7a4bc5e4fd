using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansCache.Caching;
using OrleansCache.Statistics;

namespace OrleansCache.Models;

/// <summary>
/// Caches the answer of each model lookup for an absolute TTL, at most <see cref="ModelCacheOptions.MaxEntries"/>
/// of them (least recently used out). Reentrant: a slow load for one lookup does not hold up hits for others,
/// and concurrent misses of one lookup share one load. Every sync goes through this grain; once its
/// transaction has committed, a generation number voids every load still in flight, so no load that began
/// before the sync can put pre-sync data back into the cache. Frontends may hold answers in their near caches on
/// leases this grain granted: a sync or a clear is acknowledged once each has confirmed their invalidation or its
/// lease has run out.
/// </summary>
[Reentrant, GrainType("model-catalog")]
public sealed class ModelCatalogGrain(
    ModelStore store,
    IOptions<ModelCacheOptions> options,
    CacheCounters counters,
    IOptions<NearCacheOptions> nearOptions,
    TimeProvider clock) : Grain, IModelCatalogGrain
{
    private readonly NearHolders _leases = new(nearOptions.Value.Lease, clock);
    private readonly Dictionary<ModelQuery, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new(); // most recently used first
    private readonly Dictionary<ModelQuery, Task<ModelListing>> _loading = [];
    private long _generation;
    private IGrainTimer? _sweep;

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Clear();
        return Task.CompletedTask;
    }

    ValueTask<ModelListing> IModelCatalogGrain.GetAsync(ModelQuery query) => LookupAsync(query);

    async ValueTask<ModelGrant> IModelCatalogGrain.GetNearAsync(ModelQuery query, INearCache holder)
    {
        var listing = await LookupAsync(query);

        // A lease only on what the cache holds now (not on a load a sync voided), expiring with its entry.
        var lease = _entries.TryGetValue(query, out var node) && ReferenceEquals(node.Value.Listing, listing)
            ? _leases.Grant(holder, node.Value.ExpiresAt)
            : TimeSpan.Zero;
        return new ModelGrant(listing, lease);
    }

    private async ValueTask<ModelListing> LookupAsync(ModelQuery query)
    {
        if (_entries.TryGetValue(query, out var node))
        {
            if (node.Value.ExpiresAt > clock.GetUtcNow())
            {
                counters.ModelHit();
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Listing;
            }

            Remove(node);
        }

        if (_loading.TryGetValue(query, out var inFlight))
        {
            // Another lookup of the same query is reading the database; this one waits for it and causes no read.
            counters.ModelHit();
            return await inFlight;
        }

        counters.ModelMiss();
        return await LoadAsync(query);
    }

    async Task<ModelSyncResult> IModelCatalogGrain.SyncAsync(ModelSyncRequest request)
    {
        // The database never blocks the grain's thread (Database hops off it for a driver that would): hits go on
        // being answered meanwhile.
        var result = await store.SyncAsync(request);

        // Committed: from here on every lookup must read the new catalog.
        await InvalidateAsync();
        return result;
    }

    Task IModelCatalogGrain.ClearAsync() => InvalidateAsync();

    // Drops every entry and voids every load in flight, then every frontend's copies.
    private Task InvalidateAsync()
    {
        _generation++;
        _loading.Clear();
        Clear();
        return _leases.RevokeAsync(
            static (holder, _) => holder.InvalidateModelsAsync(),
            static directory => directory.InvalidateModelsAsync(),
            GrainFactory.GetGrain<INearCacheDirectoryGrain>(INearCacheDirectoryGrain.Key));
    }

    private async Task<ModelListing> LoadAsync(ModelQuery query)
    {
        var generation = _generation;
        // The load does not hold the grain's thread, so this grain answers hits for other queries, and joins later
        // misses of this one to this load, while it runs.
        var loading = store.LoadAsync(query);
        _loading[query] = loading;
        try
        {
            var listing = await loading;
            if (generation == _generation)
            {
                Keep(query, listing);
            }

            return listing;
        }
        finally
        {
            if (_loading.TryGetValue(query, out var current) && ReferenceEquals(current, loading))
            {
                _loading.Remove(query);
            }
        }
    }

    private void Keep(ModelQuery query, ModelListing listing)
    {
        var ttl = options.Value.Ttl;
        if (_entries.TryGetValue(query, out var existing))
        {
            Remove(existing);
        }

        // Make room first, so that neither the cache nor its size figure (read by other threads) ever passes the bound.
        while (_entries.Count >= options.Value.MaxEntries)
        {
            Remove(_recency.Last!);
        }

        _entries[query] = _recency.AddFirst(new Entry(query, listing, clock.GetUtcNow() + ttl));
        counters.ModelEntryAdded();

        // Expired entries are dropped when read; the sweep also drops those nobody reads, so they free memory
        // and leave the size figure within a quarter TTL.
        _sweep ??= this.RegisterGrainTimer(
            static self => self.SweepAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = SweepPeriod(ttl), Period = SweepPeriod(ttl), Interleave = true });
    }

    private Task SweepAsync()
    {
        var now = clock.GetUtcNow();
        for (var node = _recency.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.ExpiresAt <= now)
            {
                Remove(node);
            }

            node = next;
        }

        return Task.CompletedTask;
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _entries.Remove(node.Value.Query);
        _recency.Remove(node);
        counters.ModelEntryRemoved();
    }

    private void Clear()
    {
        while (_recency.First is { } node)
        {
            Remove(node);
        }
    }

    private static TimeSpan SweepPeriod(TimeSpan ttl) => TimeSpan.FromTicks(Math.Max(ttl.Ticks / 4, TimeSpan.TicksPerSecond));

    private sealed record Entry(ModelQuery Query, ModelListing Listing, DateTimeOffset ExpiresAt);
}
