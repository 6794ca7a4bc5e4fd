using OrleansCache.Caching;
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
}
