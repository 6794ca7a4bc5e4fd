using OrleansCache.Profiles;
using OrleansCache.Testing;
using static OrleansCache.Grains.Tests.Profiles.ProfileTestData;

namespace OrleansCache.Grains.Tests.Profiles;

[Collection(FakeClockClusterCollection.Name)]
public sealed class ProfileTtlTests(FakeClockClusterFixture fixture)
{
    [Fact]
    public async Task A_row_inserted_behind_the_api_after_a_not_found_is_seen_once_the_absent_ttl_has_passed()
    {
        var id = NewId();
        var grain = fixture.GrainFactoryOfSilo(0).GetGrain<IProfileGrain>(id);
        Assert.Equal(ProfileOutcome.NotFound, (await grain.GetAsync()).Outcome);
        await InsertRowAsync(fixture.Database, id, "behind the api");

        Assert.Equal(ProfileOutcome.NotFound, (await fixture.GrainFactoryOfSilo(1).GetGrain<IProfileGrain>(id).GetAsync()).Outcome);

        await fixture.AdvanceAsync(new ProfileCacheOptions().AbsentTtl + TimeSpan.FromSeconds(1));
        var found = await Eventually.UntilAsync(
            () => grain.GetAsync().AsTask(),
            r => r.Outcome == ProfileOutcome.Ok,
            TimeSpan.FromSeconds(30),
            "the absence to expire and the row to load");
        Assert.Equal("behind the api", NameOf(found));
    }

    [Fact]
    public async Task A_profile_edited_in_the_database_is_stale_before_the_ttl_and_fresh_after_it()
    {
        var id = NewId();
        var grain = fixture.GrainFactoryOfSilo(0).GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(Fields("through the api"));
        await EditRowAsync(fixture.Database, id, "behind the api", version: 2);

        await fixture.AdvanceAsync(FakeClockClusterFixture.Ttl - TimeSpan.FromSeconds(1));
        Assert.Equal("through the api", NameOf(await fixture.GrainFactoryOfSilo(1).GetGrain<IProfileGrain>(id).GetAsync()));

        await fixture.AdvanceAsync(TimeSpan.FromSeconds(2));
        var fresh = await Eventually.UntilAsync(
            () => grain.GetAsync().AsTask(),
            r => NameOf(r) == "behind the api",
            TimeSpan.FromSeconds(30),
            "the profile to expire and reload");
        Assert.Equal(2, fresh.Profile!.Version);
    }

    [Fact]
    public async Task Reads_do_not_extend_the_ttl_but_a_write_restarts_it()
    {
        var id = NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(Fields("v1"));

        // Read often for most of a TTL, then write: the write restarts the TTL from now.
        for (var i = 0; i < 5; i++)
        {
            await fixture.AdvanceAsync(TimeSpan.FromSeconds(10));
            await grain.GetAsync();
        }

        await grain.ReplaceAsync(Fields("v2"), null);
        await EditRowAsync(fixture.Database, id, "behind the api", version: 3);

        // 30 s after the write, 80 s after the load: still the cached write, so reads did not keep it and the write restarted it.
        await fixture.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("v2", NameOf(await grain.GetAsync()));

        await fixture.AdvanceAsync(TimeSpan.FromSeconds(31));
        await Eventually.UntilAsync(
            () => grain.GetAsync().AsTask(),
            r => NameOf(r) == "behind the api",
            TimeSpan.FromSeconds(30),
            "the profile to expire one TTL after its last write");
    }

    [Fact]
    public async Task The_cached_list_expires_after_the_ttl()
    {
        var id = NewId();
        await fixture.Client.GetGrain<IProfileGrain>(id).CreateAsync(Fields("listed"));
        var list = fixture.Client.GetGrain<IProfileListGrain>(IProfileListGrain.Key);
        await list.GetAsync(0, null);
        await EditRowAsync(fixture.Database, id, "renamed behind the api", version: 2);

        Assert.Contains(await list.GetAsync(0, null), p => Parse(p).GetProperty("name").GetString() == "listed");

        await fixture.AdvanceAsync(FakeClockClusterFixture.Ttl + TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(
            () => list.GetAsync(0, null),
            items => items.Any(p => Parse(p).GetProperty("name").GetString() == "renamed behind the api"),
            TimeSpan.FromSeconds(30),
            "the list to expire and reload");
    }
}
