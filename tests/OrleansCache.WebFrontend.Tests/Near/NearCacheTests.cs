using System.Diagnostics;
using Microsoft.Extensions.Options;
using OrleansCache.Caching;
using OrleansCache.Models;
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

        near.Renewed(Stopwatch.GetTimestamp(), new NearMembership(Lease, Continuous: true));

        Assert.True(near.TryGet("a", out var held));
        Assert.True(near.TryGet("a", out _));
        Assert.Equal(1, held.Version);
        Assert.Equal(new NearHits(2, 0), near.Hits);
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

    [Fact]
    public async Task Model_answers_are_kept_per_lookup_and_a_sync_drops_them_and_every_one_on_its_way_but_no_profile()
    {
        var near = Serving();
        var chat = ModelQuery.List("openai", "chat", null, null);
        var one = ModelQuery.One("openai", "gpt");
        near.Store(chat, ModelGrant(), near.BeginModels());
        near.Store("p", Grant(1), near.Begin());
        var inFlight = near.BeginModels();

        Assert.True(near.TryGet(ModelQuery.List("OpenAI", "Chat", null, null), out var held));
        Assert.False(near.TryGet(one, out _));
        Assert.Equal(new NearHits(0, 1), near.Hits);

        await near.InvalidateModelsAsync();
        near.Store(one, ModelGrant(), inFlight);

        Assert.False(near.TryGet(chat, out _));
        Assert.False(near.TryGet(one, out _));
        Assert.True(near.TryGet("p", out _));
        Assert.Equal(1, near.Invalidations);
        near.Store(one, ModelGrant(), near.BeginModels());
        Assert.True(near.TryGet(one, out _));
        Assert.NotNull(held);
    }

    [Fact]
    public async Task A_profile_clear_keeps_the_model_answers()
    {
        var near = Serving();
        var query = ModelQuery.List(null, null, true, null);
        near.Store(query, ModelGrant(), near.BeginModels());
        near.Store("p", Grant(1), near.Begin());

        await near.ClearAsync();

        Assert.False(near.TryGet("p", out _));
        Assert.True(near.TryGet(query, out _));
    }

    [Fact]
    public void A_renewal_after_a_gap_in_the_membership_drops_everything_held_and_everything_on_its_way()
    {
        var near = Serving();
        var query = ModelQuery.List(null, null, null, null);
        near.Store("p", Grant(1), near.Begin());
        near.Store(query, ModelGrant(), near.BeginModels());
        var profileInFlight = near.Begin();
        var modelInFlight = near.BeginModels();

        near.Renewed(Stopwatch.GetTimestamp(), new NearMembership(Lease, Continuous: false));
        near.Store("q", Grant(1), profileInFlight);
        near.Store(query, ModelGrant(), modelInFlight);

        Assert.Equal(0, near.Count);
        Assert.True(near.Serving);
        near.Store("q", Grant(1), near.Begin());
        Assert.True(near.TryGet("q", out _));
    }

    [Fact]
    public void Profiles_and_model_answers_share_the_bound()
    {
        var near = Serving(maxEntries: 10);
        for (var i = 0; i < 6; i++)
        {
            near.Store($"p{i}", Grant(1), near.Begin());
            near.Store(ModelQuery.One("x", $"m{i}"), ModelGrant(), near.BeginModels());
        }

        Assert.InRange(near.Count, 1, 10);
        Assert.True(near.Evictions >= 2);
    }

    [Fact]
    public async Task The_profile_list_is_dropped_by_a_list_invalidation_or_a_clear_with_every_list_on_its_way()
    {
        var near = Serving();
        near.Store(ListGrant(), near.BeginList());
        Assert.True(near.TryGetList(out var held));
        Assert.Single(held);
        var inFlight = near.BeginList();

        await near.InvalidateListAsync();
        near.Store(ListGrant(), inFlight);
        Assert.False(near.TryGetList(out _));

        near.Store(ListGrant(), near.BeginList());
        var beforeClear = near.BeginList();
        await near.ClearAsync();
        near.Store(ListGrant(), beforeClear);
        Assert.False(near.TryGetList(out _));
        Assert.Equal(new NearHits(1, 0), near.Hits);
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
        near.Renewed(Stopwatch.GetTimestamp(), new NearMembership(Lease, Continuous: true));
        return near;
    }

    // The grain factory is only for the reference the cluster calls back, which these tests do not need.
    private static NearCache Create(int maxEntries = 100) =>
        new(Options.Create(new NearCacheOptions { MaxEntries = maxEntries }), grains: null!);

    private static ProfileListGrant ListGrant() => new([new ProfileSnapshot([], 1)], Lease);

    private static ModelGrant ModelGrant() => new(new ModelListing("[]"u8.ToArray(), 0), Lease);

    private static NearGrant Grant(long version, TimeSpan? lease = null) =>
        new(new ProfileResult(ProfileOutcome.Ok, new ProfileSnapshot([], version)), lease ?? Lease);
}
