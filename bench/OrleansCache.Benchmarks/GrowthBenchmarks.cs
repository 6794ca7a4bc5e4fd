using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCache.Models;

namespace OrleansCache.Benchmarks;

/// <summary>
/// How the model-list lookups of <see cref="CacheLookupBenchmarks"/> change with the catalog's size: 100 vs 10,000
/// models (the most one sync takes), of which half have capability <c>tools</c>; the list asked for is those.
/// </summary>
[MemoryDiagnoser]
public class ModelGrowthBenchmarks
{
    private BenchmarkSilo _silo = null!;
    private IModelCatalogGrain _catalog = null!;
    private ModelQuery _query = null!;

    [Params(100, 10_000)]
    public int Models { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await BenchmarkSilo.StartAsync();
        _catalog = _silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key);
        var models = Enumerable.Range(0, Models)
            .Select(i => new ModelInput($"model-{i:D5}", $"Model {i}", 128_000, i % 2 == 0 ? ["chat", "tools"] : ["chat"], true))
            .ToArray();
        await _catalog.SyncAsync(new ModelSyncRequest("openai", [.. models], false));
        _query = ModelQuery.List(null, "tools", null, null);
        await _catalog.GetAsync(_query);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _silo.DisposeAsync();

    [Benchmark(Description = "model list hit (grain call)")]
    public async Task<ModelListing> ModelListHit() => await _catalog.GetAsync(_query);

    [Benchmark(Description = "model list miss (clear, grain call, SELECT, JSON)")]
    public async Task<ModelListing> ModelListMiss()
    {
        await _catalog.ClearAsync();
        return await _catalog.GetAsync(_query);
    }
}
