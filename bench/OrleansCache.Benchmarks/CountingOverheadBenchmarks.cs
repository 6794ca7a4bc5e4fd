using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCache.Profiles;

namespace OrleansCache.Benchmarks;

/// <summary>
/// What counting hits and misses costs on the hit path: a profile hit through a grain call (64 at a time from both
/// cores) beside the counting it does, 64 <see cref="Statistics.CacheCounters.ProfileHit"/> calls spread over both
/// cores on the one counter all grains of a silo share. The product has no build without counters; the second
/// figure is what such a build would save.
/// </summary>
[MemoryDiagnoser]
public class CountingOverheadBenchmarks
{
    private const int Concurrency = 64;
    private readonly Task<ProfileResult>[] _calls = new Task<ProfileResult>[Concurrency];
    private BenchmarkSilo _silo = null!;
    private Statistics.CacheCounters _counters = null!;
    private IProfileGrain[] _profiles = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await BenchmarkSilo.StartAsync();
        _counters = _silo.Services.GetRequiredService<Statistics.CacheCounters>();
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
    [Benchmark(Baseline = true, OperationsPerInvoke = Concurrency)]
    public async Task ConcurrentProfileHits()
    {
        for (var i = 0; i < Concurrency; i++)
        {
            _calls[i] = _profiles[i % _profiles.Length].GetAsync().AsTask();
        }

        await Task.WhenAll(_calls);
    }

    /// <summary>The counting of 64 hits, on two threads at once (as two cores' grains count), on the silo's one counter.</summary>
    [Benchmark(OperationsPerInvoke = Concurrency)]
    public Task CountingAlone()
    {
        var counters = _counters;
        return Task.WhenAll(
            Task.Run(() => Count(counters, Concurrency / 2)),
            Task.Run(() => Count(counters, Concurrency / 2)));

        static void Count(Statistics.CacheCounters counters, int hits)
        {
            for (var i = 0; i < hits; i++)
            {
                counters.ProfileHit();
            }
        }
    }
}
