using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.DependencyInjection;
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
    private readonly Task<ProfileResult>[] _calls = new Task<ProfileResult>[Concurrency];
    private BenchmarkSilo _silo = null!;
    private IProfileGrain[] _profiles = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await BenchmarkSilo.StartAsync();
        var grains = _silo.Services.GetRequiredService<IGrainFactory>();
        _profiles = [.. Enumerable.Range(0, 16).Select(i => grains.GetGrain<IProfileGrain>($"bench-{i}"))];
        foreach (var profile in _profiles)
        {
            await profile.CreateAsync(new ProfileFields("Coding assistant", "gpt-4o", "openai", "You are terse.", 0.2, 4096, null));
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _silo.DisposeAsync();
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
