using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using OrleansCache.Models;
using OrleansCache.Profiles;

namespace OrleansCache.Benchmarks;

/// <summary>
/// What one lookup costs inside a silo: a profile hit and a model-list hit through a grain call, a model-list miss
/// (one SELECT and the JSON built from it), next to an IMemoryCache lookup and a plain SQLite read of the same row.
/// One silo on a temporary SQLite file, configured as the Silo project configures it.
/// </summary>
[MemoryDiagnoser]
public class CacheLookupBenchmarks
{
    private const string ProfileId = "bench-profile";
    private readonly MemoryCache _memoryCache = new(new MemoryCacheOptions());
    private BenchmarkSilo _silo = null!;
    private IProfileGrain _profile = null!;
    private IModelCatalogGrain _catalog = null!;
    private ModelQuery _cachedQuery = null!;
    private ProfileStore _store = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await BenchmarkSilo.StartAsync();

        // Calls through the silo's own grain factory stay inside the silo: no network, as a grain calling a grain.
        var grains = _silo.Services.GetRequiredService<IGrainFactory>();
        _store = _silo.Services.GetRequiredService<ProfileStore>();
        _profile = grains.GetGrain<IProfileGrain>(ProfileId);
        await _profile.CreateAsync(new ProfileFields("Coding assistant", "gpt-4o", "openai", new string('x', 1000), 0.2, 4096, """{"top_p":0.9}"""));

        _catalog = grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key);
        var models = Enumerable.Range(0, 100)
            .Select(i => new ModelInput($"model-{i:D3}", $"Model {i}", 128_000, i % 2 == 0 ? ["chat", "tools"] : ["chat"], true))
            .ToArray();
        await _catalog.SyncAsync(new ModelSyncRequest("openai", [.. models], false));
        _cachedQuery = ModelQuery.List(null, "tools", null, null);
        await _catalog.GetAsync(_cachedQuery);

        var snapshot = (await _profile.GetAsync()).Profile!;
        _memoryCache.Set(ProfileId, snapshot);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _silo.DisposeAsync();
        _memoryCache.Dispose();
    }

    [Benchmark(Description = "profile hit (grain call)")]
    public async Task<ProfileResult> ProfileHit() => await _profile.GetAsync();

    [Benchmark(Description = "model list hit (grain call)")]
    public async Task<ModelListing> ModelListHit() => await _catalog.GetAsync(_cachedQuery);

    [Benchmark(Description = "model list miss (clear, grain call, SELECT of 50 rows, JSON)")]
    public async Task<ModelListing> ModelListMiss()
    {
        await _catalog.ClearAsync();
        return await _catalog.GetAsync(_cachedQuery);
    }

    [Benchmark(Baseline = true, Description = "IMemoryCache lookup")]
    public ProfileSnapshot? MemoryCacheHit() => _memoryCache.TryGetValue(ProfileId, out ProfileSnapshot? snapshot) ? snapshot : null;

    [Benchmark(Description = "SQLite read of the profile row")]
    public async Task<Profile?> SqliteRead() => await _store.FindAsync(ProfileId);
}
