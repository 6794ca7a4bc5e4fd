using OrleansCache.Grains.Tests.Profiles;
using OrleansCache.Profiles;
using OrleansCache.Statistics;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Statistics;

[Collection(ClusterCollection.Name)]
public sealed class CacheStatsGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Stats_add_up_what_both_silos_counted_including_the_last_request()
    {
        var stats = fixture.Client.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key);
        var id = ProfileTestData.NewId();
        await ProfileTestData.InsertRowAsync(fixture.Database, id, "counted");
        var before = Profiles(await stats.GetAsync());
        var statementsBefore = await stats.GetAsync();

        for (var i = 0; i < 10; i++)
        {
            await fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileGrain>(id).GetAsync();
        }

        var after = await stats.GetAsync();
        var profiles = Profiles(after);
        Assert.Equal(9, profiles.Hits - before.Hits);
        Assert.Equal(1, profiles.Misses - before.Misses);
        Assert.Equal(1, profiles.Size - before.Size);
        Assert.Equal(TimeSpan.FromMinutes(1), profiles.Ttl);
        Assert.Equal(1, after.DatabaseReads - statementsBefore.DatabaseReads);
        Assert.Equal(fixture.DatabaseStatements(), (after.DatabaseReads, after.DatabaseWrites));
    }

    private static CacheFigures Profiles(CacheStatistics statistics) => Assert.Single(statistics.Caches, c => c.Name == "profiles");
}
