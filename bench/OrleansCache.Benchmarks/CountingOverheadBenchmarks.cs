using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansCache.Hosting;
using OrleansCache.Profiles;

namespace OrleansCache.Benchmarks;

/// <summary>
/// What counting hits and misses costs on the hit path: the same profile hits, 64 at a time from both cores,
/// built once with the counters and once with them compiled out (<c>-p:CacheCountersCompiledOut=true</c>).
/// </summary>
[Config(typeof(CountingConfig))]
[MemoryDiagnoser]
public class CountingOverheadBenchmarks
{
    private const int Concurrency = 64;
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"orleanscache-bench-{Guid.NewGuid():N}.db");
    private readonly Task<ProfileResult>[] _calls = new Task<ProfileResult>[Concurrency];
    private InProcessTestCluster _cluster = null!;
    private IProfileGrain[] _profiles = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = new SqliteConnectionStringBuilder { DataSource = _databasePath }.ToString(),
                ["Cache:Profiles:Ttl"] = "01:00:00",
            })
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddOrleansCache(configuration));
        _cluster = builder.Build();
        await _cluster.DeployAsync();

        var grains = _cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();
        _profiles = [.. Enumerable.Range(0, 16).Select(i => grains.GetGrain<IProfileGrain>($"bench-{i}"))];
        foreach (var profile in _profiles)
        {
            await profile.CreateAsync(new ProfileFields("Coding assistant", "gpt-4o", "openai", "You are terse.", 0.2, 4096, null));
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _cluster.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }

    /// <summary>64 concurrent hits spread over 16 profiles; divide by 64 for one hit.</summary>
    [Benchmark(OperationsPerInvoke = Concurrency)]
    public async Task ConcurrentProfileHits()
    {
        for (var i = 0; i < Concurrency; i++)
        {
            _calls[i] = _profiles[i % _profiles.Length].GetAsync().AsTask();
        }

        await Task.WhenAll(_calls);
    }

    private sealed class CountingConfig : ManualConfig
    {
        public CountingConfig()
        {
            AddJob(Job.Default.WithId("counters on").AsBaseline());
            AddJob(Job.Default.WithId("counters compiled out").WithArguments([new MsBuildArgument("/p:CacheCountersCompiledOut=true")]));
        }
    }
}
