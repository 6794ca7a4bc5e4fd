using Microsoft.Extensions.Time.Testing;
using OrleansCache.Profiles;
using OrleansCache.Testing;
using static OrleansCache.Grains.Tests.Profiles.ProfileTestData;

namespace OrleansCache.Grains.Tests.Profiles;

/// <summary>A cluster whose grains run on a fake clock, so a TTL can pass without waiting for it.</summary>
public sealed class FakeClockClusterFixture : ClusterFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public static TimeSpan Ttl => TimeSpan.FromSeconds(60);

    protected override TimeSpan ProfileTtl => Ttl;

    protected override TimeProvider? GrainClock => Clock;

    /// <summary>Moves the clock on, off the test's thread: timers fire inline in Advance.</summary>
    public Task AdvanceAsync(TimeSpan by) => Task.Run(() => Clock.Advance(by)).WaitAsync(TimeSpan.FromSeconds(30));
}

[CollectionDefinition(Name)]
public sealed class FakeClockClusterCollection : ICollectionFixture<FakeClockClusterFixture>
{
    public const string Name = "fake-clock-cluster";
}

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

[Collection(FakeClockClusterCollection.Name)]
public sealed class ProfileCacheSizeTests(FakeClockClusterFixture fixture)
{
    [Fact]
    public async Task The_size_counts_loaded_profiles_and_drops_them_when_they_expire()
    {
        var ids = Enumerable.Range(0, 10).Select(_ => NewId()).ToArray();
        foreach (var id in ids)
        {
            await InsertRowAsync(fixture.Database, id, "sized");
        }

        var before = Entries();
        await Task.WhenAll(ids.Select((id, i) => fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileGrain>(id).GetAsync().AsTask()));
        Assert.Equal(before + ids.Length, Entries());

        // Every profile loaded so far (these and any other test's) expires within one TTL.
        await fixture.AdvanceAsync(FakeClockClusterFixture.Ttl + TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(() => Task.FromResult(Entries()), entries => entries == 0, TimeSpan.FromSeconds(30), "every profile to expire");
    }

    private long Entries() => fixture.SiloCounts().Sum(c => c.ProfileEntries);
}
