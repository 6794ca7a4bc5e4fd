using OrleansCache.Caching;
using OrleansCache.Grains.Tests.Profiles;
using OrleansCache.Models;
using OrleansCache.Profiles;
using OrleansCache.Statistics;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Caching;

[Collection(ClusterCollection.Name)]
public sealed class CacheClearTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Clearing_profiles_empties_both_silos_and_makes_every_next_read_a_fresh_miss()
    {
        var stats = fixture.Client.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key);
        // Placement decides where each profile lives: load profiles until both silos hold some (bounded).
        var ids = new List<string>();
        for (var batch = 0; batch < 25 && !fixture.SiloCounts().All(c => c.ProfileEntries > 0); batch++)
        {
            var more = Enumerable.Range(0, 20).Select(_ => ProfileTestData.NewId()).ToArray();
            foreach (var id in more)
            {
                await ProfileTestData.InsertRowAsync(fixture.Database, id, "before");
            }

            await Task.WhenAll(more.Select((id, i) => fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileGrain>(id).GetAsync().AsTask()));
            ids.AddRange(more);
        }

        await fixture.Client.GetGrain<IProfileListGrain>(IProfileListGrain.Key).GetAsync(0, 1);
        Assert.All(fixture.SiloCounts(), c => Assert.True(c.ProfileEntries > 0, "each silo holds profiles"));
        await fixture.Database.ExecuteAsync("UPDATE profiles SET name = 'after' WHERE name = 'before';");
        var before = Profiles(await stats.GetAsync());

        await fixture.Client.GetGrain<ICacheControlGrain>(ICacheControlGrain.Key).ClearAsync(profiles: true, models: false);

        var cleared = Profiles(await stats.GetAsync());
        Assert.Equal(0, cleared.Size);
        Assert.Equal((before.Hits, before.Misses), (cleared.Hits, cleared.Misses));

        var reads = fixture.DatabaseStatements().Reads;
        var results = await Task.WhenAll(ids.Select((id, i) => fixture.GrainFactoryOfSilo((i + 1) % 2).GetGrain<IProfileGrain>(id).GetAsync().AsTask()));
        Assert.All(results, r => Assert.Equal("after", ProfileTestData.NameOf(r)));
        Assert.Equal(ids.Count, fixture.DatabaseStatements().Reads - reads);

        var after = Profiles(await stats.GetAsync());
        Assert.Equal(ids.Count, after.Misses - cleared.Misses);
        Assert.Equal(ids.Count, after.Size);
    }

    [Fact]
    public async Task Clearing_models_empties_the_catalog_cache_and_keeps_the_counters()
    {
        var stats = fixture.Client.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key);
        var catalog = fixture.Client.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key);
        var provider = "p" + Guid.NewGuid().ToString("N");
        await catalog.SyncAsync(new ModelSyncRequest(provider, [new ModelInput("m1", "Model one", 1000, ["chat"], true)], false));
        await catalog.GetAsync(ModelQuery.List(provider, null, null, null));
        await catalog.GetAsync(ModelQuery.List(provider, "chat", null, null));
        var before = Models(await stats.GetAsync());
        Assert.True(before.Size >= 2);

        await fixture.Client.GetGrain<ICacheControlGrain>(ICacheControlGrain.Key).ClearAsync(profiles: false, models: true);

        var cleared = Models(await stats.GetAsync());
        Assert.Equal(0, cleared.Size);
        Assert.Equal((before.Hits, before.Misses), (cleared.Hits, cleared.Misses));
        await catalog.GetAsync(ModelQuery.List(provider, null, null, null));
        Assert.Equal(cleared.Misses + 1, Models(await stats.GetAsync()).Misses);
    }

    private static CacheFigures Profiles(CacheStatistics statistics) => Assert.Single(statistics.Caches, c => c.Name == "profiles");

    private static CacheFigures Models(CacheStatistics statistics) => Assert.Single(statistics.Caches, c => c.Name == "models");
}
