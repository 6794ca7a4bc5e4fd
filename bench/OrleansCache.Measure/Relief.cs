using System.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansCache.Profiles;
using OrleansCache.Storage;

namespace OrleansCache.Measure;

/// <summary>
/// Database relief: how many database reads the cache lets through, counted by the silo (<c>database.reads</c> of
/// GET /api/cache/stats, before and after). Per run, on a fresh silo and frontend over a database of N profiles,
/// reads made slow only in the baseline (the product's reads are counted, not timed, and its one read per cold key
/// does not depend on how slow that read is; the former <c>Storage:ReadDelay</c> knob left the product):
/// (1) <c>requests</c> GETs spread evenly over the first <c>spread</c> profiles, <c>concurrency</c> at a time;
/// (2) <c>cold</c> GETs of one profile no one has read yet, all sent at once.
/// Next to it, the baseline: the same <c>cold</c> lookups at once through an in-process cache written the usual
/// way (<c>IMemoryCache.GetOrCreateAsync</c>) over the product's own ProfileStore read, equally slow, on the same file.
/// </summary>
internal sealed class Relief(Settings settings, Workspace workspace)
{
    private readonly int _requests = settings.Int("requests", 10_000);
    private readonly int _spread = settings.Int("spread", 100);
    private readonly int _concurrency = settings.Int("concurrency", 32);
    private readonly int _cold = settings.Int("cold", 1_000);
    private readonly TimeSpan _readDelay = settings.Time("read-delay", TimeSpan.FromMilliseconds(100));
    private readonly int _runs = settings.Int("runs", 3);

    public string Parameters =>
        $"{_requests:N0} GETs over {_spread:N0} profiles ({_concurrency} at a time); {_cold:N0} concurrent cold GETs of one profile; " +
        $"baseline reads {_readDelay.TotalMilliseconds:N0} ms late; Cache:Profiles:Ttl=01:00:00; {_runs} runs, each on fresh processes";

    public async Task<ReliefResult> RunAsync(int profiles)
    {
        if (profiles < _spread + _runs + 1)
        {
            throw new ArgumentException($"--profiles must be at least --spread + --runs + 1 ({_spread + _runs + 1})");
        }

        var seeded = await workspace.SeedAsync(profiles);
        var result = new ReliefResult(profiles, $"{_requests:N0} GETs over {_spread:N0} profiles", $"{_cold:N0} concurrent cold GETs of one profile");
        for (var run = 0; run < _runs; run++)
        {
            var database = workspace.FreshCopy(seeded, $"relief-{profiles}-{run}");
            await using (var system = await RunningSystem.StartAsync(
                workspace.RepositoryRoot, settings.Ports, database, workspace.OutputDirectory,
                ["--Cache:Profiles:Ttl=01:00:00"]))
            {
                var before = await system.Api.StatsAsync();
                var stopwatch = Stopwatch.StartNew();
                await system.Api.GetProfilesAsync(Enumerable.Range(0, _requests).Select(i => Seeder.Id(i % _spread)), _concurrency);
                var spreadTime = stopwatch.Elapsed;
                var afterSpread = await system.Api.StatsAsync();

                // A profile outside the spread, different in every run: cold.
                var coldId = Seeder.Id(profiles - 1 - run);
                stopwatch.Restart();
                var statuses = await Task.WhenAll(Enumerable.Range(0, _cold).Select(_ => system.Api.GetProfileAsync(coldId)));
                var coldTime = stopwatch.Elapsed;
                var afterCold = await system.Api.StatsAsync();
                if (statuses.Any(s => s != System.Net.HttpStatusCode.OK))
                {
                    throw new InvalidOperationException($"a cold GET of {coldId} did not answer 200");
                }

                result.SpreadReads.Add(afterSpread.DatabaseReads - before.DatabaseReads);
                result.SpreadMisses.Add(afterSpread.ProfileMisses - before.ProfileMisses);
                result.SpreadSeconds.Add(spreadTime.TotalSeconds);
                result.ColdReads.Add(afterCold.DatabaseReads - afterSpread.DatabaseReads);
                result.ColdMisses.Add(afterCold.ProfileMisses - afterSpread.ProfileMisses);
                result.ColdSeconds.Add(coldTime.TotalSeconds);
            }

            result.BaselineReads.Add(await BaselineAsync(database, Seeder.Id(profiles - 1 - _runs - run)));
            Console.Error.WriteLine($"relief N={profiles:N0} run {run + 1}/{_runs}: spread {result.SpreadReads[^1]} reads, cold {result.ColdReads[^1]} reads, baseline {result.BaselineReads[^1]} reads");
        }

        return result;
    }

    /// <summary>
    /// BASELINE, not the product: <c>cold</c> lookups of one id released together through an in-process
    /// IMemoryCache written the usual way (GetOrCreateAsync over the slow read); the reads it sent.
    /// </summary>
    private async Task<double> BaselineAsync(string databasePath, string id)
    {
        var counter = new StatementCounter();
        var options = new StorageOptions { ConnectionString = $"Data Source={databasePath}" };
        await using var dialect = new SqliteDialect(options);
        using var database = new Database(dialect, Options.Create(options), counter, NullLogger<Database>.Instance);
        var store = new ProfileStore(database);
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookups = Enumerable.Range(0, _cold).Select(_ => Task.Run(async () =>
        {
            await go.Task;
            return await cache.GetOrCreateAsync(id, async entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1);
                var row = await store.FindAsync(id);

                // The same slow database as the product's run: the rows come back late.
                await Task.Delay(_readDelay);
                return row;
            });
        })).ToArray();
        go.SetResult();
        var found = await Task.WhenAll(lookups);
        if (found.Any(p => p is null))
        {
            throw new InvalidOperationException($"the baseline did not find {id}");
        }

        return counter.Reads;
    }
}
