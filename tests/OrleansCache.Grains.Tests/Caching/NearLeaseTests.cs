using OrleansCache.Caching;
using OrleansCache.Grains.Tests.Profiles;
using OrleansCache.Profiles;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Caching;

/// <summary>
/// The profile grain's side of the near-cache protocol on the two-silo cluster: it grants leases on what it holds,
/// and a write is acknowledged only after every holder whose lease runs confirmed the invalidation (or its lease
/// ran out), with the version that fences older answers.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NearLeaseTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_lookup_grants_a_lease_of_at_most_Cache_Near_Lease_on_the_profile_and_none_on_an_absent_one()
    {
        var id = ProfileTestData.NewId();
        await ProfileTestData.InsertRowAsync(fixture.Database, id, "held");
        var holder = fixture.Client.CreateObjectReference<INearCache>(new RecordingNearCache());

        var grant = await fixture.Client.GetGrain<IProfileGrain>(id).GetNearAsync(holder);
        var absent = await fixture.Client.GetGrain<IProfileGrain>(ProfileTestData.NewId()).GetNearAsync(holder);

        Assert.Equal("held", ProfileTestData.NameOf(grant.Result));
        Assert.InRange(grant.Lease, TimeSpan.FromTicks(1), new NearCacheOptions().Lease);
        Assert.Equal(ProfileOutcome.NotFound, absent.Result.Outcome);
        Assert.Equal(TimeSpan.Zero, absent.Lease);
    }

    [Fact]
    public async Task A_write_invalidates_every_holder_before_it_is_acknowledged_and_only_holders_of_a_running_lease()
    {
        var id = ProfileTestData.NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(ProfileTestData.Fields("v1"));
        var onSilo0 = new RecordingNearCache();
        var onSilo1 = new RecordingNearCache();
        var bystander = new RecordingNearCache();
        await fixture.GrainFactoryOfSilo(0).GetGrain<IProfileGrain>(id).GetNearAsync(fixture.Client.CreateObjectReference<INearCache>(onSilo0));
        await fixture.GrainFactoryOfSilo(1).GetGrain<IProfileGrain>(id).GetNearAsync(fixture.Client.CreateObjectReference<INearCache>(onSilo1));
        fixture.Client.CreateObjectReference<INearCache>(bystander);

        var written = await grain.ReplaceAsync(ProfileTestData.Fields("v2"), ifMatch: null);

        // Both holders were told before the write returned, with the new version as the fence.
        Assert.Equal(2, written.Profile!.Version);
        Assert.Contains((id, 2L), onSilo0.Invalidations);
        Assert.Contains((id, 2L), onSilo1.Invalidations);
        Assert.Empty(bystander.Invalidations);

        // A write revokes the leases it invalidated: the next write tells no one who has not looked again.
        await grain.ReplaceAsync(ProfileTestData.Fields("v3"), ifMatch: null);
        Assert.DoesNotContain(onSilo0.Invalidations, invalidation => invalidation.Version == 3);

        await grain.DeleteAsync(ifMatch: null);
        Assert.DoesNotContain(onSilo1.Invalidations, invalidation => invalidation.Version == long.MaxValue);
    }

    [Fact]
    public async Task A_holder_that_never_confirms_delays_the_write_only_until_its_lease_ends()
    {
        var id = ProfileTestData.NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(ProfileTestData.Fields("v1"));
        var paused = new RecordingNearCache { Unresponsive = true };
        await grain.GetNearAsync(fixture.Client.CreateObjectReference<INearCache>(paused));

        // The holder never answers: the write still completes (once the lease has run out), and commits.
        var written = await grain.PatchAsync(new ProfilePatch(ProfileFieldMask.Name, ProfileTestData.Fields("v2")), ifMatch: null)
            .WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(ProfileOutcome.Ok, written.Outcome);
        Assert.Contains((id, 2L), paused.Invalidations);
        Assert.Equal("v2", ProfileTestData.NameOf(await grain.GetAsync()));
    }

    [Fact]
    public async Task A_delete_invalidates_with_the_fence_that_no_version_passes()
    {
        var id = ProfileTestData.NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(ProfileTestData.Fields());
        var holder = new RecordingNearCache();
        await grain.GetNearAsync(fixture.Client.CreateObjectReference<INearCache>(holder));

        await grain.DeleteAsync(ifMatch: null);

        Assert.Contains((id, long.MaxValue), holder.Invalidations);
    }

    [Fact]
    public async Task A_writer_is_granted_a_lease_on_the_new_version_which_the_next_write_revokes()
    {
        var id = ProfileTestData.NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        var writer = new RecordingNearCache();
        var writerReference = fixture.Client.CreateObjectReference<INearCache>(writer);

        var created = await grain.CreateAsync(ProfileTestData.Fields("v1"), writerReference);
        var replaced = await grain.ReplaceAsync(ProfileTestData.Fields("v2"), ifMatch: null, writerReference);
        var anonymous = await grain.ReplaceAsync(ProfileTestData.Fields("v3"), ifMatch: null);

        Assert.Equal(ProfileOutcome.Created, created.Outcome);
        Assert.InRange(created.Lease, TimeSpan.FromTicks(1), new NearCacheOptions().Lease);
        Assert.InRange(replaced.Lease, TimeSpan.FromTicks(1), new NearCacheOptions().Lease);
        Assert.Equal(TimeSpan.Zero, anonymous.Lease);

        // Its lease on version 1 was revoked by its own write of version 2 (the fence its copy of 2 passes), and its
        // lease on version 2 by the write of version 3.
        Assert.Equal([(id, 2L), (id, 3L)], writer.Invalidations);
    }

    [Fact]
    public async Task A_write_invalidates_every_holder_of_the_profile_list_before_it_is_acknowledged()
    {
        var id = ProfileTestData.NewId();
        await fixture.Client.GetGrain<IProfileGrain>(id).CreateAsync(ProfileTestData.Fields("listed"));
        var holder = new RecordingNearCache();
        var list = fixture.GrainFactoryOfSilo(1).GetGrain<IProfileListGrain>(IProfileListGrain.Key);

        var grant = await list.GetNearAsync(fixture.Client.CreateObjectReference<INearCache>(holder));
        Assert.Contains(grant.Profiles, profile => ProfileTestData.NameOf(new ProfileResult(ProfileOutcome.Ok, profile)) == "listed");
        Assert.InRange(grant.Lease, TimeSpan.FromTicks(1), new NearCacheOptions().Lease);

        await fixture.Client.GetGrain<IProfileGrain>(id).PatchAsync(new ProfilePatch(ProfileFieldMask.Name, ProfileTestData.Fields("renamed")), ifMatch: null);
        Assert.Single(holder.ListInvalidations);

        // That write revoked the lease: the next one tells no one who has not looked again.
        await fixture.Client.GetGrain<IProfileGrain>(id).DeleteAsync(ifMatch: null);
        Assert.Single(holder.ListInvalidations);
    }
}
