using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using OrleansCache.Hosting;

namespace OrleansCache.Benchmarks;

/// <summary>One silo on a temporary SQLite file, configured as the Silo project configures it, with hour-long TTLs.</summary>
public sealed class BenchmarkSilo : IAsyncDisposable
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"orleanscache-bench-{Guid.NewGuid():N}.db");

    private BenchmarkSilo()
    {
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>The silo's own services: its grain factory calls grains without leaving the silo.</summary>
    public IServiceProvider Services => Cluster.Silos[0].ServiceProvider;

    public static async Task<BenchmarkSilo> StartAsync()
    {
        var silo = new BenchmarkSilo();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = new SqliteConnectionStringBuilder { DataSource = silo._databasePath }.ToString(),
                ["Cache:Profiles:Ttl"] = "01:00:00",
                ["Cache:Models:Ttl"] = "01:00:00",
            })
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, siloBuilder) => siloBuilder.AddOrleansCache(configuration));
        silo.Cluster = builder.Build();
        await silo.Cluster.DeployAsync();
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
