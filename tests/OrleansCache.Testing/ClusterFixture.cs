using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansCache.Hosting;
using OrleansCache.Statistics;
using OrleansCache.Storage;
using Xunit;

namespace OrleansCache.Testing;

/// <summary>
/// A real in-process cluster of two silos (they share one database: a SQLite file, as silos on one machine do, or a PostgreSQL database; see <see cref="TestStorage"/>), configured
/// the way the Silo project configures its silos. Subclasses change the TTL or the clock.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>The cluster's own client.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The profile TTL the silos use.</summary>
    protected virtual TimeSpan ProfileTtl => TimeSpan.FromMinutes(1);

    /// <summary>The clock the grains use; null for the system clock.</summary>
    protected virtual TimeProvider? GrainClock => null;

    /// <summary>When set, the silos reach their database over a slow link (<see cref="SlowReadDialect"/>).</summary>
    protected virtual TimeSpan? ReadDelay => null;

    /// <summary>More silo configuration (for example <c>Cache:Models:*</c>), applied over the defaults above.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    /// <summary>The grain factory of silo <paramref name="index"/>: calls made through it enter the cluster at that silo.</summary>
    public IGrainFactory GrainFactoryOfSilo(int index) =>
        Cluster.Silos[index].ServiceProvider.GetRequiredService<IGrainFactory>();

    /// <summary>Database statements (reads, writes) sent by all silos so far.</summary>
    public (long Reads, long Writes) DatabaseStatements()
    {
        long reads = 0, writes = 0;
        foreach (var silo in Cluster.Silos)
        {
            var counter = silo.ServiceProvider.GetRequiredService<StatementCounter>();
            reads += counter.Reads;
            writes += counter.Writes;
        }

        return (reads, writes);
    }

    /// <summary>The counts every silo holds now.</summary>
    public IReadOnlyList<SiloCacheCounts> SiloCounts() =>
        [.. Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<CacheCounters>().Read())];

    public virtual async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Database.Settings)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cache:Profiles:Ttl"] = ProfileTtl.ToString() })
            .AddInMemoryCollection(ExtraSettings)
            .Build();
        var clock = GrainClock;
        var readDelay = ReadDelay;

        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOrleansCache(configuration);
            if (readDelay is { } delay)
            {
                SlowReadDialect.Register(silo.Services, delay);
            }

            if (clock is not null)
            {
                silo.Services.AddSingleton(clock);
                silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            }
        });

        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        Database.Dispose();
        GC.SuppressFinalize(this);
    }
}
