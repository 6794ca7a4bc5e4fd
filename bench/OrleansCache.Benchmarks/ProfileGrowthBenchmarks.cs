using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCache.Profiles;
using OrleansCache.Storage;

namespace OrleansCache.Benchmarks;

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
