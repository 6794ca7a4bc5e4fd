using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCache.Caching;
using OrleansCache.Statistics;

namespace OrleansCache.Profiles;

/// <summary>
/// One profile in memory. It reads its row once, when it activates (so concurrent first reads of a cold id
/// cause one database read: Orleans queues them behind the activation), answers reads from memory, and writes
/// through: the row is committed before the grain changes its memory or answers. It deactivates itself an
/// absolute TTL after it loaded or last wrote, whatever its traffic, so an edit made behind the API's back is
/// at most that stale. An id with no row is remembered as absent for the short <c>Cache:Profiles:AbsentTtl</c>
/// the same way, so lookups of an unknown or just-deleted id share one read too. The grain never ends its own
/// activation while requests may be queued on it (that made Orleans forward them, and reject them past its forward
/// limit): only its expiry timer or Orleans' idle collection ends it.
/// </summary>
[GrainType("profile")]
public sealed partial class ProfileGrain(
    ProfileStore store,
    IOptions<ProfileCacheOptions> options,
    CacheCounters counters,
    ProfileCacheEpoch profileEpoch,
    IOptions<NearCacheOptions> nearOptions,
    TimeProvider clock,
    ILogger<ProfileGrain> logger) : Grain, IProfileGrain
{
    // A write whose version check fails re-reads the row and decides again, at most this many times.
    private const int MaxWriteAttempts = 3;

    private ProfileResult _current = ProfileResult.NotFound;
    private long? _entryEpoch;
    private bool _nextLookupIsMiss;
    private Task? _reloading;

    // The frontends granted a lease on what this activation holds.
    private readonly NearHolders _leases = new(nearOptions.Value.Lease, clock);
    private DateTimeOffset _expiresAt;

    // A plain timer of the grains' clock, not a grain timer: Orleans' grain timer costs each activation about
    // 600 bytes more (its own object, a timer set and the activation's extra state), which is a fifth of what
    // a cached profile costs. Its callback runs off the grain's scheduler and only asks for deactivation,
    // which Orleans allows from any thread (its own activation collector does the same).
    private ITimer? _expiry;

    private string Id => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync();

        // The lookup that caused this activation read the database: it is the miss.
        _nextLookupIsMiss = true;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _expiry?.Dispose();
        _expiry = null;
        ForgetEntry();

        return Task.CompletedTask;
    }

    ValueTask<ProfileResult> IProfileGrain.GetAsync()
    {
        if (_current.Profile is not null && _entryEpoch != profileEpoch.Current)
        {
            return ReloadForLookupAsync();
        }

        if (_nextLookupIsMiss)
        {
            _nextLookupIsMiss = false;
            counters.ProfileMiss();
        }
        else
        {
            counters.ProfileHit();
        }

        return ValueTask.FromResult(_current);
    }

    async ValueTask<NearGrant> IProfileGrain.GetNearAsync(INearCache holder)
    {
        var result = await ((IProfileGrain)this).GetAsync();
        if (result.Profile is null)
        {
            return new NearGrant(result, TimeSpan.Zero);
        }

        return new NearGrant(result, _leases.Grant(holder, _expiresAt));
    }

    async Task<ProfileResult> IProfileGrain.CreateAsync(ProfileFields fields, INearCache? writer)
    {
        _nextLookupIsMiss = false;
        if (_current.Profile is not null)
        {
            return ProfileResult.AlreadyExists;
        }

        var now = Profile.FormatTimestamp(clock.GetUtcNow());
        var profile = new Profile(Id, fields, now, now, 1);
        if (!await store.InsertAsync(profile))
        {
            // The row appeared behind the API's back: hold it from now on.
            await LoadAsync();
            return ProfileResult.AlreadyExists;
        }

        return await CommittedAsync(profile, ProfileOutcome.Created, writer);
    }

    Task<ProfileResult> IProfileGrain.ReplaceAsync(ProfileFields fields, long[]? ifMatch, INearCache? writer) =>
        UpdateAsync(static (_, replacement) => replacement, fields, ifMatch, writer);

    Task<ProfileResult> IProfileGrain.PatchAsync(ProfilePatch patch, long[]? ifMatch, INearCache? writer) =>
        UpdateAsync(static (current, p) => p.ApplyTo(current), patch, ifMatch, writer);

    async Task<ProfileResult> IProfileGrain.DeleteAsync(long[]? ifMatch)
    {
        _nextLookupIsMiss = false;
        for (var attempt = 1; ; attempt++)
        {
            if (Refusal(ifMatch) is { } refusal)
            {
                return refusal;
            }

            var snapshot = _current.Profile!;

            if (await store.DeleteAsync(Id, snapshot.Version))
            {
                Hold(null);
                await Task.WhenAll(InvalidateListAsync(), RevokeLeasesAsync(long.MaxValue));
                return ProfileResult.Deleted;
            }

            await ReloadAfterConflictAsync(attempt);
        }
    }

    private async Task<ProfileResult> UpdateAsync<TChange>(
        Func<ProfileFields, TChange, ProfileFields> change, TChange argument, long[]? ifMatch, INearCache? writer)
    {
        _nextLookupIsMiss = false;
        for (var attempt = 1; ; attempt++)
        {
            if (Refusal(ifMatch) is { } refusal)
            {
                return refusal;
            }

            var snapshot = _current.Profile!;

            var current = ProfileJson.Deserialize(snapshot.Json);
            var fields = change(current.Fields, argument);
            if (fields.Params is { } merged && Encoding.UTF8.GetByteCount(merged) > ProfileRules.ParamsMaxBytes)
            {
                return ProfileResult.ParamsTooLarge;
            }

            var next = current with
            {
                Fields = fields,
                UpdatedAt = Profile.FormatTimestamp(clock.GetUtcNow()),
                Version = current.Version + 1,
            };
            if (await store.UpdateAsync(next, current.Version))
            {
                return await CommittedAsync(next, ProfileOutcome.Ok, writer);
            }

            await ReloadAfterConflictAsync(attempt);
        }
    }

    // The row no longer has the version this activation holds: it was edited or deleted behind the API's back.
    // Read it again, so the write is decided (and its If-Match checked) against what is really stored.
    private async Task ReloadAfterConflictAsync(int attempt)
    {
        if (attempt >= MaxWriteAttempts)
        {
            throw new DatabaseUnavailableException("The profile kept changing in the database during the write; try again.");
        }

        LogReloadAfterConflict(logger, Id);
        await LoadAsync();
    }

    // The cache was cleared since this profile was loaded: the first lookup reads it again (a miss); lookups
    // that arrive meanwhile wait for that read.
    private async ValueTask<ProfileResult> ReloadForLookupAsync()
    {
        _nextLookupIsMiss = false;
        if (_reloading is { } reloading)
        {
            await reloading;
            counters.ProfileHit();
        }
        else
        {
            _reloading = reloading = LoadAsync();
            try
            {
                await reloading;
            }
            finally
            {
                _reloading = null;
            }

            counters.ProfileMiss();
        }

        return _current;
    }

    // Reads the row; again if the cache was cleared meanwhile, so a clear never leaves data read before it.
    private async Task LoadAsync()
    {
        long epoch;
        Profile? row;
        do
        {
            epoch = profileEpoch.Current;
            row = await store.FindAsync(Id);
        }
        while (epoch != profileEpoch.Current);

        Hold(row);
    }

    private async Task<ProfileResult> CommittedAsync(Profile profile, ProfileOutcome outcome, INearCache? writer)
    {
        Hold(profile);
        await Task.WhenAll(InvalidateListAsync(), RevokeLeasesAsync(profile.Version));

        // Granted only now: the revocation above ended every lease on what this write replaced.
        var lease = writer is null ? TimeSpan.Zero : _leases.Grant(writer, _expiresAt);
        return outcome == ProfileOutcome.Ok && lease == TimeSpan.Zero
            ? _current
            : new ProfileResult(outcome, _current.Profile) { Lease = lease };
    }

    // After a commit, before its acknowledgement: no frontend may still answer what it replaced.
    private Task RevokeLeasesAsync(long version) =>
        _leases.RevokeAsync(
            static (holder, change) => holder.InvalidateAsync(change.Id, change.Version),
            static change => change.Directory.InvalidateAsync(change.Id, change.Version),
            (Id, Version: version, Directory: GrainFactory.GetGrain<INearCacheDirectoryGrain>(INearCacheDirectoryGrain.Key)));

    private Task InvalidateListAsync() =>
        GrainFactory.GetGrain<IProfileListGrain>(IProfileListGrain.Key).InvalidateAsync();

    private void Hold(Profile? profile)
    {
        TimeSpan ttl;
        if (profile is null)
        {
            // Absent: not an entry of the cache's size, and remembered only briefly.
            _current = ProfileResult.NotFound;
            ForgetEntry();

            ttl = options.Value.AbsentTtl;
        }
        else
        {
            _current = new ProfileResult(ProfileOutcome.Ok, new ProfileSnapshot(ProfileJson.Serialize(profile), profile.Version));
            if (_entryEpoch != profileEpoch.Current)
            {
                // New, or counted before a clear (which already stopped counting it).
                _entryEpoch = profileEpoch.EntryAdded();
            }

            ttl = options.Value.Ttl;
        }

        _expiresAt = clock.GetUtcNow() + ttl;

        // Absolute expiry, restarted by every load and write; reads do not extend it.
        if (_expiry is null)
        {
            // Without the flow of this turn's execution context, which the timer would otherwise keep for its life.
            using (ExecutionContext.SuppressFlow())
            {
                _expiry = clock.CreateTimer(Expire, GrainContext, ttl, Timeout.InfiniteTimeSpan);
            }
        }
        else
        {
            _expiry.Change(ttl, Timeout.InfiniteTimeSpan);
        }
    }

    // This activation no longer holds a profile of the cache's size.
    private void ForgetEntry()
    {
        if (_entryEpoch is { } epoch)
        {
            _entryEpoch = null;
            profileEpoch.EntryRemoved(epoch);
        }
    }

    // On a timer thread: touches no grain state, only asks Orleans to deactivate the activation after its current turn.
    private static void Expire(object? grainContext) =>
        ((IGrainContext)grainContext!).Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The profile's TTL ended."));

    // Why a write cannot go ahead on what this activation holds (no profile, or If-Match does not name its
    // version), or null when it can.
    private ProfileResult? Refusal(long[]? ifMatch)
    {
        if (_current.Profile is not { } snapshot)
        {
            return ProfileResult.NotFound;
        }

        return ifMatch is null || Array.IndexOf(ifMatch, snapshot.Version) >= 0 ? null : ProfileResult.PreconditionFailed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Profile {ProfileId} changed in the database behind the cache; reloading it")]
    private static partial void LogReloadAfterConflict(ILogger logger, string profileId);
}
