using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansCache.Caching;
using OrleansCache.Statistics;

namespace OrleansCache.Profiles;

/// <summary>
/// The cached profile list. Reentrant, so an invalidation never waits behind a load: concurrent misses share
/// one load (one database read), and a generation number keeps a load that was in flight when a write
/// invalidated the list from storing what it read before that write. Frontends may hold the list in their near
/// caches on leases this grain granted: an invalidation returns once each confirmed or its lease ran out.
/// </summary>
[Reentrant, GrainType("profile-list")]
public sealed class ProfileListGrain(
    ProfileStore store,
    IOptions<ProfileCacheOptions> options,
    CacheCounters counters,
    ProfileCacheEpoch profileEpoch,
    IOptions<NearCacheOptions> nearOptions,
    TimeProvider clock) : Grain, IProfileListGrain
{
    private readonly NearHolders _leases = new(nearOptions.Value.Lease, clock);
    private ProfileSnapshot[]? _items;
    private long _entryEpoch;
    private Task<ProfileSnapshot[]>? _loading;
    private long _generation;
    private IGrainTimer? _expiry;
    private DateTimeOffset _expiresAt;

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Drop();
        return Task.CompletedTask;
    }

    async Task<ImmutableArray<ProfileSnapshot>> IProfileListGrain.GetAsync(int offset, int? limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return ProfileListGrant.Page(ImmutableCollectionsMarshal.AsImmutableArray(await LookupAsync()), offset, limit);
    }

    async Task<ProfileListGrant> IProfileListGrain.GetNearAsync(INearCache holder)
    {
        var items = await LookupAsync();

        // A lease only on what the cache holds now (not on a load a write voided), expiring with it.
        var lease = ReferenceEquals(items, _items) ? _leases.Grant(holder, _expiresAt) : TimeSpan.Zero;
        return new ProfileListGrant(ImmutableCollectionsMarshal.AsImmutableArray(items), lease);
    }

    private async Task<ProfileSnapshot[]> LookupAsync()
    {
        var items = _items;
        if (items is not null)
        {
            counters.ProfileHit();
        }
        else if (_loading is { } inFlight)
        {
            // Another lookup is reading the database already; this one waits for that read and causes none.
            counters.ProfileHit();
            items = await inFlight;
        }
        else
        {
            counters.ProfileMiss();
            items = await LoadAsync();
        }

        return items;
    }

    Task IProfileListGrain.InvalidateAsync()
    {
        _generation++;
        _loading = null;
        Drop();
        return _leases.RevokeAsync(
            static (holder, _) => holder.InvalidateListAsync(),
            static directory => directory.InvalidateListAsync(),
            GrainFactory.GetGrain<INearCacheDirectoryGrain>(INearCacheDirectoryGrain.Key));
    }

    private async Task<ProfileSnapshot[]> LoadAsync()
    {
        var generation = _generation;
        // The database never blocks the grain's thread (Database hops off it for a driver that would), so an
        // invalidation is not held up behind a load, and later misses join this one.
        var loading = ReadAsync();
        _loading = loading;
        try
        {
            var items = await loading;
            if (generation == _generation)
            {
                Keep(items);
            }

            return items;
        }
        finally
        {
            if (ReferenceEquals(_loading, loading))
            {
                _loading = null;
            }
        }
    }

    private async Task<ProfileSnapshot[]> ReadAsync()
    {
        var rows = await store.ListAsync();
        var items = new ProfileSnapshot[rows.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new ProfileSnapshot(ProfileJson.Serialize(rows[i]), rows[i].Version);
        }

        return items;
    }

    private void Keep(ProfileSnapshot[] items)
    {
        if (_items is null)
        {
            _entryEpoch = profileEpoch.EntryAdded();
        }

        _items = items;
        var ttl = options.Value.Ttl;
        _expiresAt = clock.GetUtcNow() + ttl;
        if (_expiry is null)
        {
            _expiry = this.RegisterGrainTimer(
                static self => self.ExpireAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = ttl, Period = Timeout.InfiniteTimeSpan, Interleave = true });
        }
        else
        {
            _expiry.Change(ttl, Timeout.InfiniteTimeSpan);
        }
    }

    private Task ExpireAsync()
    {
        Drop();
        return Task.CompletedTask;
    }

    private void Drop()
    {
        if (_items is not null)
        {
            _items = null;
            profileEpoch.EntryRemoved(_entryEpoch);
        }
    }
}
