namespace OrleansCache.Caching;

/// <summary>
/// The frontends that one grain activation granted leases on what it holds, and when each lease ends (design decision
/// 9). A change is acknowledged only after <see cref="RevokeAsync"/>: every holder whose lease runs confirmed its
/// invalidation, or was waited out to the end of its lease. Until one lease after the activation began, frontends may
/// hold leases an earlier activation of the same grain granted (its silo died, and the holder list with it): the first
/// revocation in that time goes to every frontend, through the near-cache directory.
/// </summary>
public sealed class NearHolders(TimeSpan lease, TimeProvider clock)
{
    // Most keys have one holder at a time, if any: it is kept inline, and a dictionary only made for a second one
    // (a dictionary per cached profile would cost more than a tenth of what the profile costs).
    private INearCache? _holder;
    private DateTimeOffset _holderUntil;
    private Dictionary<INearCache, DateTimeOffset>? _more;
    private DateTimeOffset _unknownLeasesUntil = clock.GetUtcNow() + lease;

    // Revocations still waiting for holders: in a reentrant grain a later change must wait for them too, since a holder
    // an earlier revocation took (and this one therefore does not see) may still answer what both replaced.
    private Task _revoking = Task.CompletedTask;

    /// <summary>
    /// Grants <paramref name="holder"/> a lease on an entry that expires at <paramref name="entryExpiresAt"/> (a copy
    /// expires with the entry it copies); returns it, or <see cref="TimeSpan.Zero"/> when none can be granted.
    /// </summary>
    public TimeSpan Grant(INearCache holder, DateTimeOffset entryExpiresAt)
    {
        var now = clock.GetUtcNow();
        var granted = TimeSpan.FromTicks(Math.Min(lease.Ticks, (entryExpiresAt - now).Ticks));
        if (granted <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var end = now + granted;
        if (_holder is null || _holder.Equals(holder))
        {
            _holder = holder;
            _holderUntil = end > _holderUntil ? end : _holderUntil;
        }
        else
        {
            _more ??= [];
            if (!_more.TryGetValue(holder, out var known) || known < end)
            {
                _more[holder] = end;
            }
        }

        return granted;
    }

    /// <summary>
    /// After a commit, before its acknowledgement: calls <paramref name="invalidate"/> on every holder whose lease runs
    /// (or <paramref name="everywhere"/> once, while leases of an earlier activation may run) and returns when each
    /// confirmed or its lease ran out, and every revocation before it has too. Leases granted meanwhile are on the new
    /// state and are kept.
    /// </summary>
    public Task RevokeAsync<TState>(Func<INearCache, TState, Task> invalidate, Func<TState, Task> everywhere, TState state)
    {
        var revoking = RevokeHeldAsync(invalidate, everywhere, state);
        _revoking = _revoking.IsCompleted ? revoking : Task.WhenAll(_revoking, revoking);
        return _revoking;
    }

    private async Task BroadcastAsync<TState>(Func<TState, Task> everywhere, TState state)
    {
        await everywhere(state);
        _unknownLeasesUntil = DateTimeOffset.MinValue;
    }

    private async Task RevokeHeldAsync<TState>(Func<INearCache, TState, Task> invalidate, Func<TState, Task> everywhere, TState state)
    {
        var (holder, holderUntil, more) = (_holder, _holderUntil, _more);
        (_holder, _holderUntil, _more) = (null, default, null);
        var now = clock.GetUtcNow();
        Task? broadcast = null;
        if (now < _unknownLeasesUntil)
        {
            // Leases of an earlier activation may run: tell every frontend. Once is enough, once it has gone through:
            // if it fails (the directory's silo just died), this change fails, and the next one tries again.
            broadcast = BroadcastAsync(everywhere, state);
        }

        var running = new List<Task>((more?.Count ?? 0) + 2);
        if (broadcast is not null)
        {
            running.Add(broadcast);
        }

        if (holder is not null && holderUntil > now)
        {
            running.Add(NearLeases.ConfirmAsync(invalidate(holder, state), holderUntil, clock));
        }

        foreach (var (other, leaseEnd) in more ?? [])
        {
            if (leaseEnd > now)
            {
                running.Add(NearLeases.ConfirmAsync(invalidate(other, state), leaseEnd, clock));
            }
        }

        await Task.WhenAll(running);
    }
}
