using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCache.Models;
using OrleansCache.Profiles;
using OrleansCache.Storage;

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

/// <summary>
/// How a profile hit changes with the number of profiles cached in the silo: 1,000 vs 100,000 activations, hit in
/// turn (each call a different profile, as a real mix would).
/// </summary>
[MemoryDiagnoser]
public class ProfileGrowthBenchmarks
{
    private BenchmarkSilo _silo = null!;
    private IProfileGrain[] _profiles = null!;
    private int _next;

    [Params(1_000, 100_000)]
    public int Profiles { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await BenchmarkSilo.StartAsync();

        // The rows go in with one transaction (100,000 grain writes would take minutes), then every profile is read once.
        var connectionString = _silo.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveSqliteConnectionString();
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var transaction = connection.BeginTransaction();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO profiles (id, name, model, system_prompt, temperature, created_at, updated_at, version)
                VALUES ($id, $name, 'gpt-4o', 'You are a helpful assistant.', 0.7, '2026-11-24T00:00:00.000Z', '2026-11-24T00:00:00.000Z', 1);
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var name = insert.Parameters.Add("$name", SqliteType.Text);
            for (var i = 0; i < Profiles; i++)
            {
                id.Value = $"p{i}";
                name.Value = $"Profile {i}";
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        var grains = _silo.Services.GetRequiredService<IGrainFactory>();
        _profiles = [.. Enumerable.Range(0, Profiles).Select(i => grains.GetGrain<IProfileGrain>($"p{i}"))];
        await Parallel.ForEachAsync(_profiles, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (profile, _) =>
        {
            if ((await profile.GetAsync()).Profile is null)
            {
                throw new InvalidOperationException("a seeded profile was not found");
            }
        });
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _silo.DisposeAsync();

    [Benchmark(Description = "profile hit (grain call), profiles in turn")]
    public async Task<ProfileResult> ProfileHit()
    {
        var profile = _profiles[_next];
        _next = _next + 1 == _profiles.Length ? 0 : _next + 1;
        return await profile.GetAsync();
    }
}
