using OrleansCache.Caching;
using OrleansCache.Grains.Tests.Models;
using OrleansCache.Models;
using OrleansCache.Testing;
using OrleansCache.Grains.Tests.Profiles;
using OrleansCache.Profiles;

namespace OrleansCache.Grains.Tests.Caching;

/// <summary>Leases on the grains' fake clock: a lease that has run out is not waited for, and a copy expires with its entry.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class NearLeaseExpiryTests(FakeClockClusterFixture fixture)
{
    private static readonly TimeSpan Lease = new NearCacheOptions().Lease;

    [Fact]
    public async Task A_holder_whose_lease_ran_out_is_not_invalidated()
    {
        var id = ProfileTestData.NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(ProfileTestData.Fields("v1"));
        var expired = new RecordingNearCache { Unresponsive = true };
        await grain.GetNearAsync(fixture.Client.CreateObjectReference<INearCache>(expired));
        await fixture.AdvanceAsync(Lease + TimeSpan.FromSeconds(1));
        var running = new RecordingNearCache();
        await grain.GetNearAsync(fixture.Client.CreateObjectReference<INearCache>(running));

        // Were the expired holder waited for, this write would wait on the fake clock, which only the test moves.
        var written = await grain.ReplaceAsync(ProfileTestData.Fields("v2"), ifMatch: null)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(ProfileOutcome.Ok, written.Outcome);
        Assert.Empty(expired.Invalidations);
        Assert.Contains((id, 2L), running.Invalidations);
    }

    [Fact]
    public async Task A_lease_never_outlives_the_entry_it_copies()
    {
        var id = ProfileTestData.NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(ProfileTestData.Fields());
        await fixture.AdvanceAsync(FakeClockClusterFixture.Ttl - TimeSpan.FromSeconds(2));

        var grant = await grain.GetNearAsync(fixture.Client.CreateObjectReference<INearCache>(new RecordingNearCache()));

        Assert.True(grant.Lease <= TimeSpan.FromSeconds(2), $"A lease of {grant.Lease} on an entry with 2 s left.");
        Assert.True(grant.Lease > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_frontend_whose_membership_ran_out_before_a_broadcast_is_told_it_was_not_continuous_so_it_drops_what_it_missed()
    {
        var directory = fixture.Client.GetGrain<INearCacheDirectoryGrain>(INearCacheDirectoryGrain.Key);
        var frontend = fixture.Client.CreateObjectReference<INearCache>(new RecordingNearCache());

        var joined = await directory.JoinAsync(frontend, default);
        var renewed = await directory.JoinAsync(frontend, default);
        await fixture.AdvanceAsync(Lease + TimeSpan.FromSeconds(1));
        var lateWithoutBroadcast = await directory.JoinAsync(frontend, default);
        await fixture.AdvanceAsync(Lease + TimeSpan.FromSeconds(1));
        await directory.InvalidateModelsAsync();
        var lateAfterBroadcast = await directory.JoinAsync(frontend, default);
        await directory.LeaveAsync(frontend, default);

        Assert.False(joined.Continuous);
        Assert.True(renewed.Continuous);
        Assert.True(lateWithoutBroadcast.Continuous);
        Assert.False(lateAfterBroadcast.Continuous);
        Assert.Equal(Lease, renewed.Lease);
    }

    [Fact]
    public async Task A_sync_is_not_acknowledged_while_an_earlier_sync_still_waits_for_a_holder_it_took()
    {
        var provider = ModelTestData.NewProvider();
        await ModelTestData.SyncAsync(fixture.Client, provider, prune: false, ModelTestData.Model("m", "v1"));
        await fixture.AdvanceAsync(Lease + TimeSpan.FromSeconds(1));
        var paused = new RecordingNearCache { Unresponsive = true };
        await ModelTestData.Catalog(fixture.Client).GetNearAsync(ModelQuery.List(provider, null, null, null), fixture.Client.CreateObjectReference<INearCache>(paused));

        // The first sync waits for the paused holder's lease, on the fake clock, which only the test moves.
        var first = ModelTestData.SyncAsync(fixture.Client, provider, prune: false, ModelTestData.Model("m", "v2"));
        await Eventually.UntilAsync(() => Task.FromResult(paused.ModelInvalidations.Count), count => count == 1, TimeSpan.FromSeconds(30), "the first sync's invalidation");

        // The second sync has no holder of its own to wait for, but the paused one may still answer what both replaced.
        var second = ModelTestData.SyncAsync(fixture.Client, provider, prune: false, ModelTestData.Model("m", "v3"));
        await Eventually.UntilAsync(
            async () => ModelTestData.Names(await ModelTestData.Catalog(fixture.Client).GetAsync(ModelQuery.List(provider, null, null, null))),
            names => names.SequenceEqual(["v3"]),
            TimeSpan.FromSeconds(30),
            "the second sync committed");
        Assert.False(second.IsCompleted, "the second sync was acknowledged while the paused holder's lease still ran");

        await fixture.AdvanceAsync(Lease);
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }
}
