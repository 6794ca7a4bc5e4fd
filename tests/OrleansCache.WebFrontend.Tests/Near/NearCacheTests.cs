using System.Diagnostics;
using Microsoft.Extensions.Options;
using OrleansCache.Caching;
using OrleansCache.Profiles;
using OrleansCache.WebFrontend.Near;

namespace OrleansCache.WebFrontend.Tests.Near;

/// <summary>The frontend's side of the near-cache protocol, on its own: when a copy may be kept and served, fences, clears, the bound.</summary>
public sealed class NearCacheTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    [Fact]
    public void Serves_a_granted_copy_only_while_its_membership_was_renewed_and_counts_each_as_a_hit()
    {
        var near = Create();
        near.Store("a", Grant(1), near.Begin());
        Assert.False(near.TryGet("a", out _));

        near.Renewed(Stopwatch.GetTimestamp(), Lease);

        Assert.True(near.TryGet("a", out var held));
        Assert.True(near.TryGet("a", out _));
        Assert.Equal(1, held.Version);
        Assert.Equal(2, near.Hits);
    }

    [Fact]
    public async Task Keeps_no_answer_older_than_an_invalidation_that_arrived_before_it()
    {
        var near = Serving();
        var ticket = near.Begin();
        await near.InvalidateAsync("a", 2);

        near.Store("a", Grant(1), ticket);
        Assert.False(near.TryGet("a", out _));

        near.Store("a", Grant(2), near.Begin());
        Assert.True(near.TryGet("a", out var held));
        Assert.Equal(2, held.Version);
    }

    [Fact]
    public async Task An_invalidation_drops_an_older_copy_and_keeps_one_at_its_version()
    {
        var near = Serving();
        near.Store("old", Grant(1), near.Begin());
        near.Store("current", Grant(3), near.Begin());

        await near.InvalidateAsync("old", 2);
        await near.InvalidateAsync("current", 3);

        Assert.False(near.TryGet("old", out _));
        Assert.True(near.TryGet("current", out _));
    }

    [Fact]
    public async Task A_delete_fences_every_version()
    {
        var near = Serving();
        var ticket = near.Begin();
        await near.InvalidateAsync("a", long.MaxValue);

        near.Store("a", Grant(7), ticket);

        Assert.False(near.TryGet("a", out _));
    }

    [Fact]
    public async Task A_clear_drops_every_copy_and_every_answer_granted_before_it()
    {
        var near = Serving();
        near.Store("a", Grant(1), near.Begin());
        var inFlight = near.Begin();

        await near.ClearAsync();
        near.Store("b", Grant(1), inFlight);

        Assert.False(near.TryGet("a", out _));
        Assert.False(near.TryGet("b", out _));
        near.Store("b", Grant(1), near.Begin());
        Assert.True(near.TryGet("b", out _));
    }

    [Fact]
    public void Keeps_nothing_without_a_lease_or_once_the_lease_has_run_out()
    {
        var near = Serving();
        near.Store("none", Grant(1, TimeSpan.Zero), near.Begin());
        var longAgo = new NearTicket(Stopwatch.GetTimestamp() - (6 * Stopwatch.Frequency), 0);
        near.Store("late", Grant(1), longAgo);

        Assert.False(near.TryGet("none", out _));
        Assert.False(near.TryGet("late", out _));
        Assert.Equal(0, near.Count);
    }

    [Fact]
    public void Holds_at_most_MaxEntries_dropping_the_least_recently_used()
    {
        var near = Serving(maxEntries: 10);
        for (var i = 0; i < 10; i++)
        {
            near.Store($"p{i}", Grant(1), near.Begin());
            NextTick();
        }

        // p0 is used again; p1 is now the least recently used.
        Assert.True(near.TryGet("p0", out _));
        NextTick();
        near.Store("p10", Grant(1), near.Begin());

        Assert.InRange(near.Count, 1, 10);
        Assert.True(near.TryGet("p0", out _));
        Assert.True(near.TryGet("p10", out _));
        Assert.False(near.TryGet("p1", out _));
    }

    // Uses are ordered by timestamp: make the next one later than the last.
    private static void NextTick()
    {
        var now = Stopwatch.GetTimestamp();
        SpinWait.SpinUntil(() => Stopwatch.GetTimestamp() > now);
    }

    private static NearCache Serving(int maxEntries = 100)
    {
        var near = Create(maxEntries);
        near.Renewed(Stopwatch.GetTimestamp(), Lease);
        return near;
    }

    // The grain factory is only for the reference the cluster calls back, which these tests do not need.
    private static NearCache Create(int maxEntries = 100) =>
        new(Options.Create(new NearCacheOptions { MaxEntries = maxEntries }), grains: null!);

    private static NearGrant Grant(long version, TimeSpan? lease = null) =>
        new(new ProfileResult(ProfileOutcome.Ok, new ProfileSnapshot([], version)), lease ?? Lease);
}
