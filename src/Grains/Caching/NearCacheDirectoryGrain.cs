using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansCache.Statistics;

namespace OrleansCache.Caching;

/// <summary>
/// The frontends with near caches (see <see cref="INearCacheDirectoryGrain"/>). Membership is a lease: a frontend that
/// has not renewed within it no longer serves from memory, so it is left out of broadcasts, and a broadcast drops it
/// from the members: when it renews, it is told its membership was not continuous, and drops what it holds before it
/// serves again. One that renews late with no broadcast in between keeps what it holds. Near hits are asked of
/// every frontend that joined until it leaves (handing its count over) or can no longer be reached at all; those
/// counts are persisted.
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
    // The frontends whose membership runs, and until when.
    private readonly Dictionary<INearCache, DateTimeOffset> _members = [];
    // Every frontend that has joined and not left, with the near hits it last reported. Apart from memberships: a
    // frontend whose membership ran out (paused, cut off, killed) still has its hits asked for, and counted, until it
    // leaves or can no longer be reached at all.
    private readonly Dictionary<INearCache, NearHits> _hits = [];

    // Frontends taken for gone, with the hits folded into the departed count: one that joins again takes them back.
    private readonly Dictionary<INearCache, NearHits> _folded = [];
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

    async Task<NearMembership> INearCacheDirectoryGrain.JoinAsync(INearCache frontend, NearHits hits)
    {
        // Still a member unless new to this activation, or a broadcast went out after its membership ran out (which
        // dropped it: that broadcast did not reach it). A late renewal with no broadcast meanwhile missed nothing.
        var continuous = _members.ContainsKey(frontend);
        _members[frontend] = clock.GetUtcNow() + Lease;
        _hits[frontend] = NearHits.Max(hits, _hits.GetValueOrDefault(frontend));
        if (_folded.Remove(frontend, out var folded))
        {
            await DepartAsync(default(NearHits) - folded);
        }

        return new NearMembership(Lease, continuous);
    }

    async Task INearCacheDirectoryGrain.LeaveAsync(INearCache frontend, NearHits hits)
    {
        _members.Remove(frontend);
        if (_hits.Remove(frontend))
        {
            await DepartAsync(hits);
        }
    }

    Task INearCacheDirectoryGrain.InvalidateAsync(string id, long version) => BroadcastAsync(frontend => frontend.InvalidateAsync(id, version));

    Task INearCacheDirectoryGrain.InvalidateListAsync() => BroadcastAsync(static frontend => frontend.InvalidateListAsync());

    Task INearCacheDirectoryGrain.InvalidateModelsAsync() => BroadcastAsync(static frontend => frontend.InvalidateModelsAsync());

    Task INearCacheDirectoryGrain.ClearAsync() => BroadcastAsync(static frontend => frontend.ClearAsync());

    async Task<NearHits> INearCacheDirectoryGrain.ReadHitsAsync()
    {
        var frontends = _hits.Keys.ToArray();
        var answers = await Task.WhenAll(frontends.Select(async frontend =>
        {
            try
            {
                return (NearHits?)await frontend.ReadHitsAsync().WaitAsync(Lease, clock);
            }
            catch (TimeoutException)
            {
                // Paused or slow: what it last reported.
                return (NearHits?)_hits.GetValueOrDefault(frontend);
            }
            catch (OrleansException)
            {
                // Gone (the cluster can no longer reach it at all): what it last reported, kept for good.
                return null;
            }
        }));

        var departed = default(NearHits);
        for (var i = 0; i < frontends.Length; i++)
        {
            if (!_hits.TryGetValue(frontends[i], out var known))
            {
                continue;
            }

            if (answers[i] is { } hits)
            {
                _hits[frontends[i]] = NearHits.Max(known, hits);
            }
            else
            {
                _hits.Remove(frontends[i]);
                _members.Remove(frontends[i]);
                _folded[frontends[i]] = known;
                departed += known;
            }
        }

        if (departed != default)
        {
            await DepartAsync(departed);
        }

        var total = state.State.Departed;
        foreach (var hits in _hits.Values)
        {
            total += hits;
        }

        return total;
    }

    private async Task BroadcastAsync(Func<INearCache, Task> call)
    {
        Prune();
        await Task.WhenAll(_members.Select(member => NearLeases.ConfirmAsync(call(member.Key), member.Value, clock)));
        await NearLeases.WaitUntilAsync(_unknownMembersUntil, clock);
    }

    // Before a broadcast: members whose membership ran out no longer serve from memory, so they are not asked, and
    // are told on their next renewal that they missed it (their hits are still asked for).
    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (frontend, until) in _members)
        {
            if (until <= now)
            {
                _members.Remove(frontend);
            }
        }
    }

    private Task DepartAsync(NearHits hits)
    {
        state.State.Departed += hits;
        return SaveAsync();
    }

    private Task SaveAsync() => _saving = SaveAfterAsync(_saving);

    private async Task SaveAfterAsync(Task previous)
    {
        await previous;
        await state.WriteStateAsync();
    }
}
