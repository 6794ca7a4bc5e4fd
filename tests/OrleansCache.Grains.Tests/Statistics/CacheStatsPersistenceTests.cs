using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OrleansCache.Grains.Tests.Profiles;
using OrleansCache.Hosting;
using OrleansCache.Profiles;
using OrleansCache.Statistics;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Statistics;

/// <summary>Each test builds its own clusters: they stop and kill silos.</summary>
public sealed class CacheStatsPersistenceTests
{
    [Fact]
    public async Task A_silo_that_leaves_does_not_take_reported_counts_with_it()
    {
        using var database = new TestDatabase();
        await using var cluster = await StartClusterAsync(database, silos: 3);
        var ids = Enumerable.Range(0, 60).Select(_ => ProfileTestData.NewId()).ToArray();
        foreach (var id in ids)
        {
            await cluster.Client.GetGrain<IProfileGrain>(id).CreateAsync(ProfileTestData.Fields());
            await cluster.Client.GetGrain<IProfileGrain>(id).GetAsync();
        }

        var stats = cluster.Client.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key);
        var before = await stats.GetAsync();
        Assert.Equal(ids.Length, Profiles(before).Hits);

        await cluster.KillSiloAsync(cluster.Silos[2], TestContext.Current.CancellationToken);
        await cluster.WaitForLivenessToStabilizeAsync(didKill: true);

        var after = await stats.GetAsync();
        Assert.Equal(Profiles(before).Hits, Profiles(after).Hits);
        Assert.Equal(Profiles(before).Misses, Profiles(after).Misses);
        Assert.Equal(before.DatabaseWrites, after.DatabaseWrites);
    }

    [Fact]
    public async Task Counters_survive_a_restart_of_the_whole_cluster()
    {
        using var database = new TestDatabase();
        CacheStatistics before;
        await using (var first = await StartClusterAsync(database, silos: 2))
        {
            var id = ProfileTestData.NewId();
            await first.Client.GetGrain<IProfileGrain>(id).CreateAsync(ProfileTestData.Fields());
            for (var i = 0; i < 5; i++)
            {
                await first.Client.GetGrain<IProfileGrain>(id).GetAsync();
            }

            before = await first.Client.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key).GetAsync();
            await first.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }

        // The counters are stored as readable JSON in the grain state table the migrations created.
        // (The near-cache directory keeps its state there too: every row is read.)
        var stored = (string?)await database.ScalarAsync(TestDatabase.Sql(
            sqlite: "SELECT group_concat(cast(payload AS TEXT), ' ') FROM orleans_grain_state;",
            postgres: "SELECT string_agg(convert_from(payload, 'UTF8'), ' ') FROM orleans_grain_state;"));
        Assert.Contains("\"ProfileHits\":5", stored, StringComparison.Ordinal);

        await using var second = await StartClusterAsync(database, silos: 2);
        var after = await second.Client.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key).GetAsync();

        Assert.Equal(5, Profiles(after).Hits);
        Assert.Equal(Profiles(before).Misses, Profiles(after).Misses);
        Assert.Equal(before.DatabaseWrites, after.DatabaseWrites);
        Assert.Equal(0, Profiles(after).Size);
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(TestDatabase database, short silos)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(database.Settings)
            .Build();
        var builder = new InProcessTestClusterBuilder(silos);

        // Grain state is keyed by service id: a restarted system keeps its own, as the Silo's fixed one does.
        builder.Options.ServiceId = "orleanscache-" + database.Name;
        builder.ConfigureSilo((_, silo) => silo.AddOrleansCache(configuration));
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return cluster;
    }

    private static CacheFigures Profiles(CacheStatistics statistics) => Assert.Single(statistics.Caches, c => c.Name == "profiles");
}
