using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansCache.Statistics;

namespace OrleansCache.Caching;

/// <summary>
/// The frontends with near caches (see <see cref="INearCacheDirectoryGrain"/>). Membership is a lease: a frontend that
/// has not renewed within it no longer serves from memory, so it is dropped (its last reported hits kept, persisted).
/// An activation that had a predecessor does not know the frontends its predecessor knew, so until one lease has
/// passed since it activated, a broadcast also waits for the rest of that lease: by then every frontend it could not
/// reach has stopped serving.
/// Reentrant: a broadcast waiting on a paused frontend does not hold up the renewals of the others.
/// </summary>
[Reentrant]
[GrainType("near-cache-directory")]
public sealed class NearCacheDirectoryGrain(
    [PersistentState("near-directory", StorageNames.CacheStats)] IPersistentState<NearCacheDirectoryState> state,
    IOptions<NearCacheOptions> options,
    TimeProvider clock) : Grain, INearCacheDirectoryGrain
{
    private readonly Dictionary<INearCache, Member> _members = [];
    // Frontends dropped for not renewing, with the hits folded into the departed count: one that renews again (after a
    // pause) takes them back, so they are not counted twice.
    private readonly Dictionary<INearCache, long> _dropped = [];
    private DateTimeOffset _unknownMembersUntil = DateTimeOffset.MinValue;

    // Writes of the state one after another (the grain is reentrant).
    private Task _saving = Task.CompletedTask;

    private TimeSpan Lease => options.Value.Lease;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Activations > 0)
        {
            _unknownMembersUntil = clock.GetUtcNow() + Lease;
        }

        state.State.Activations++;
        await state.WriteStateAsync(cancellationToken);
    }

    async Task<TimeSpan> INearCacheDirectoryGrain.JoinAsync(INearCache frontend, long hits)
    {
        await PruneAsync();
        if (_dropped.Remove(frontend, out var folded))
        {
            state.State.DepartedHits -= folded;
            await SaveAsync();
        }

        _members[frontend] = new Member(clock.GetUtcNow() + Lease, hits);
        return Lease;
    }

    async Task INearCacheDirectoryGrain.LeaveAsync(INearCache frontend, long hits)
    {
        if (_members.Remove(frontend))
        {
            state.State.DepartedHits += hits;
            await SaveAsync();
        }
    }

    Task INearCacheDirectoryGrain.InvalidateAsync(string id, long version) => BroadcastAsync(frontend => frontend.InvalidateAsync(id, version));

    Task INearCacheDirectoryGrain.ClearAsync() => BroadcastAsync(static frontend => frontend.ClearAsync());

    async Task<long> INearCacheDirectoryGrain.ReadHitsAsync()
    {
        await PruneAsync();
        var members = _members.ToArray();
        var answers = await Task.WhenAll(members.Select(async member =>
        {
            try
            {
                return await member.Key.ReadHitsAsync().WaitAsync(Lease, clock);
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException or OperationCanceledException)
            {
                // Not answering now: what it last reported.
                return member.Value.Hits;
            }
        }));

        var total = state.State.DepartedHits;
        for (var i = 0; i < members.Length; i++)
        {
            total += answers[i];
            if (_members.TryGetValue(members[i].Key, out var member) && answers[i] > member.Hits)
            {
                _members[members[i].Key] = member with { Hits = answers[i] };
            }
        }

        return total;
    }

    private async Task BroadcastAsync(Func<INearCache, Task> call)
    {
        await PruneAsync();
        await Task.WhenAll(_members.Select(member => NearLeases.ConfirmAsync(call(member.Key), member.Value.Until, clock)));
        await NearLeases.WaitUntilAsync(_unknownMembersUntil, clock);
    }

    // Members whose membership ran out no longer serve from memory; their last reported hits are kept.
    private async Task PruneAsync()
    {
        var now = clock.GetUtcNow();
        var departed = 0L;
        foreach (var (frontend, member) in _members)
        {
            if (member.Until <= now)
            {
                _members.Remove(frontend);
                _dropped[frontend] = member.Hits;
                departed += member.Hits;
            }
        }

        if (departed > 0)
        {
            state.State.DepartedHits += departed;
            await SaveAsync();
        }
    }

    private Task SaveAsync() => _saving = SaveAfterAsync(_saving);

    private async Task SaveAfterAsync(Task previous)
    {
        await previous;
        await state.WriteStateAsync();
    }

    private readonly record struct Member(DateTimeOffset Until, long Hits);
}
