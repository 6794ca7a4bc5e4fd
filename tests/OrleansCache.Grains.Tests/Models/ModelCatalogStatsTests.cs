using OrleansCache.Models;
using OrleansCache.Statistics;
using static OrleansCache.Grains.Tests.Models.ModelTestData;

namespace OrleansCache.Grains.Tests.Models;

[Collection(ModelClockClusterCollection.Name)]
public sealed class ModelCatalogStatsTests(ModelClockClusterFixture fixture)
{
    [Fact]
    public async Task Stats_report_the_model_lookups_of_both_silos_exactly_and_the_configured_ttl()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("a", "A"), Model("b", "B"));
        var stats = fixture.Client.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key);
        var before = await stats.GetAsync();

        for (var i = 0; i < 6; i++)
        {
            await Catalog(fixture.GrainFactoryOfSilo(i % 2)).GetAsync(ModelQuery.List(provider, null, null, null));
        }

        for (var i = 0; i < 3; i++)
        {
            await Catalog(fixture.GrainFactoryOfSilo(i % 2)).GetAsync(ModelQuery.One(provider, "missing"));
        }

        var after = await stats.GetAsync();
        var models = Models(after);
        Assert.Equal(5 + 2, models.Hits - Models(before).Hits);
        Assert.Equal(1 + 1, models.Misses - Models(before).Misses);
        Assert.Equal(2, models.Size - Models(before).Size);
        Assert.Equal(ModelCounts.Of(fixture).Entries, models.Size);
        Assert.Equal(ModelClockClusterFixture.ModelTtl, models.Ttl);
        Assert.Equal(2, after.DatabaseReads - before.DatabaseReads);

        // Model lookups count in "models" only.
        Assert.Equal(Profiles(before), Profiles(after));

        // A sync counts no lookup, and empties the cache.
        await SyncAsync(fixture.Client, provider, false, Model("a", "A2"));
        var synced = Models(await stats.GetAsync());
        Assert.Equal((models.Hits, models.Misses, 0L), (synced.Hits, synced.Misses, synced.Size));
    }

    private static CacheFigures Models(CacheStatistics statistics) => Assert.Single(statistics.Caches, c => c.Name == "models");

    private static CacheFigures Profiles(CacheStatistics statistics) => Assert.Single(statistics.Caches, c => c.Name == "profiles");
}
