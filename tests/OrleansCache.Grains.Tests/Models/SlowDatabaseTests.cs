using OrleansCache.Caching;
using OrleansCache.Grains.Tests.Caching;
using OrleansCache.Grains.Tests.Profiles;
using OrleansCache.Models;
using OrleansCache.Profiles;
using static OrleansCache.Grains.Tests.Models.ModelTestData;

namespace OrleansCache.Grains.Tests.Models;

[Collection(SlowDatabaseClusterCollection.Name)]
public sealed class SlowDatabaseTests(SlowDatabaseClusterFixture fixture)
{
    [Fact]
    public async Task A_slow_miss_does_not_hold_up_hits_for_other_queries()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("a", "Alpha", ["chat"]));
        var catalog = Catalog(fixture.Client);
        var cached = ModelQuery.List(provider, null, null, null);
        await catalog.GetAsync(cached);

        var reads = fixture.DatabaseStatements().Reads;
        var slow = catalog.GetAsync(ModelQuery.List(provider, "chat", null, null)).AsTask();
        await fixture.WaitForReadAsync(reads);

        var hit = await catalog.GetAsync(cached);

        Assert.False(slow.IsCompleted, "the hit was answered while the other query's load was still in flight");
        Assert.Single(Items(hit));
        Assert.Single(Items(await slow));
    }

    [Fact]
    public async Task Concurrent_misses_of_one_query_share_one_slow_load()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("a", "Alpha"));
        var query = ModelQuery.List(provider, null, true, null);
        var reads = fixture.DatabaseStatements().Reads;

        var first = Catalog(fixture.Client).GetAsync(query).AsTask();
        await fixture.WaitForReadAsync(reads);
        var rest = Enumerable.Range(0, 50).Select(i => Catalog(fixture.GrainFactoryOfSilo(i % 2)).GetAsync(query).AsTask());
        var answers = await Task.WhenAll(rest.Append(first));

        Assert.All(answers, a => Assert.Single(Items(a)));
        Assert.Equal(1, fixture.DatabaseStatements().Reads - reads);
    }

    [Fact]
    public async Task A_load_in_flight_when_a_sync_commits_never_puts_pre_sync_data_back_into_the_cache()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("m", "before"));
        var query = ModelQuery.List(provider, null, null, null);
        var catalog = Catalog(fixture.GrainFactoryOfSilo(0));
        var reads = fixture.DatabaseStatements().Reads;

        // A lookup whose rows were read before the sync, and which comes back only after the sync returned.
        var inFlight = catalog.GetAsync(query).AsTask();
        await fixture.WaitForReadAsync(reads);
        await SyncAsync(fixture.GrainFactoryOfSilo(1), provider, false, Model("m", "after"));
        Assert.False(inFlight.IsCompleted, "the load must still be in flight when the sync returns");

        // It answers its own caller (who asked before the sync returned) with what it read...
        Assert.Equal(["before"], Names(await inFlight));

        // ...but everyone after the sync gets the new catalog, from the database and then from the cache.
        Assert.Equal(["after"], Names(await catalog.GetAsync(query)));
        Assert.Equal(["after"], Names(await Catalog(fixture.GrainFactoryOfSilo(1)).GetAsync(query)));
    }

    [Fact]
    public async Task A_load_in_flight_when_a_sync_commits_gets_no_near_cache_lease()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("m", "before"));
        var query = ModelQuery.List(provider, null, null, null);
        var holder = fixture.Client.CreateObjectReference<INearCache>(new RecordingNearCache());
        var reads = fixture.DatabaseStatements().Reads;

        // Its caller may have the rows read before the sync, but no frontend may keep them.
        var inFlight = Catalog(fixture.GrainFactoryOfSilo(0)).GetNearAsync(query, holder).AsTask();
        await fixture.WaitForReadAsync(reads);
        await SyncAsync(fixture.GrainFactoryOfSilo(1), provider, false, Model("m", "after"));
        var voided = await inFlight;

        Assert.Equal(["before"], Names(voided.Listing));
        Assert.Equal(TimeSpan.Zero, voided.Lease);
        var current = await Catalog(fixture.Client).GetNearAsync(query, holder);
        Assert.Equal(["after"], Names(current.Listing));
        Assert.True(current.Lease > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_list_load_in_flight_when_a_profile_is_written_never_puts_the_old_list_back()
    {
        var id = ProfileTestData.NewId();
        var profile = fixture.GrainFactoryOfSilo(1).GetGrain<IProfileGrain>(id);
        await profile.CreateAsync(ProfileTestData.Fields("old"));
        var list = fixture.Client.GetGrain<IProfileListGrain>(IProfileListGrain.Key);
        await list.InvalidateAsync();
        var reads = fixture.DatabaseStatements().Reads;

        var inFlight = list.GetAsync(0, null);
        await fixture.WaitForReadAsync(reads);
        await profile.PatchAsync(new ProfilePatch(ProfileFieldMask.Name, ProfileTestData.Fields("new")), null);
        Assert.False(inFlight.IsCompleted, "the list load must still be in flight when the write returns");
        Assert.Equal("old", NameIn(await inFlight, id));

        Assert.Equal("new", NameIn(await list.GetAsync(0, null), id));
    }

    private static string? NameIn(IEnumerable<ProfileSnapshot> list, string id) =>
        list.Select(ProfileTestData.Parse)
            .Where(p => p.GetProperty("id").GetString() == id)
            .Select(p => p.GetProperty("name").GetString())
            .SingleOrDefault();
}
