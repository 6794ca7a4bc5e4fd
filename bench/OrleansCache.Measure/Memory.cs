using System.Diagnostics;
using System.Net;

namespace OrleansCache.Measure;

/// <summary>
/// Memory per cached profile. Per run, a fresh silo and frontend over a database of N profiles, with
/// <c>Cache:Profiles:Ttl</c> short enough to wait out: warm up (unknown ids: the same code paths, no entry kept),
/// sample the silo (a full GC, then its heap by type and resident memory), GET every profile once, sample again,
/// wait until the stats say no profile is cached, sample a third time.
/// Per profile = (loaded − before) / N − the mean size of a profile's JSON. The frontend (whose near cache may hold
/// every profile: <c>Cache:Near:MaxEntries</c> is set to N) is sampled before and after loading as well.
/// </summary>
internal sealed class Memory(Settings settings, Workspace workspace, ProcessMemory sampler)
{
    private readonly TimeSpan _ttl = settings.Time("ttl", TimeSpan.FromMinutes(2));
    private readonly int _concurrency = settings.Int("concurrency", 32);
    private readonly int _runs = settings.Int("runs", 1);

    public string Parameters => $"Cache:Profiles:Ttl={_ttl}; every profile GET once, {_concurrency} at a time; {_runs} run(s), each on fresh processes";

    public async Task<MemoryResult> RunAsync(int profiles)
    {
        var seeded = await workspace.SeedAsync(profiles);
        var result = new MemoryResult(profiles, workspace.JsonBytes(profiles));
        for (var run = 0; run < _runs; run++)
        {
            var database = workspace.FreshCopy(seeded, $"memory-{profiles}-{run}");
            // The frontend may keep a near copy of every profile.
            await using var system = await RunningSystem.StartAsync(
                workspace.RepositoryRoot, settings.Ports, database, workspace.OutputDirectory,
                [$"--Cache:Profiles:Ttl={_ttl}"], [$"--Cache:Near:MaxEntries={Math.Max(profiles, 10_000)}"]);
            var pid = system.Silo.Id;

            await system.Api.GetProfilesAsync(Enumerable.Range(0, 2_000).Select(i => $"unknown-{i}"), _concurrency, HttpStatusCode.NotFound);
            await system.Api.StatsAsync();
            var before = await sampler.SampleAsync(pid, $"memory-{profiles}-{run}-before");
            var frontendBefore = await sampler.SampleAsync(system.Frontend.Id, $"memory-{profiles}-{run}-frontend-before");

            var stopwatch = Stopwatch.StartNew();
            await system.Api.GetProfilesAsync(Enumerable.Range(0, profiles).Select(Seeder.Id), _concurrency);
            var loadTime = stopwatch.Elapsed;
            var stats = await system.Api.StatsAsync();
            if (loadTime >= _ttl)
            {
                throw new InvalidOperationException($"loading took {loadTime}, longer than the TTL {_ttl}: some profiles expired meanwhile; pass a longer --ttl");
            }

            var loaded = await sampler.SampleAsync(pid, $"memory-{profiles}-{run}-loaded");
            var frontendLoaded = await sampler.SampleAsync(system.Frontend.Id, $"memory-{profiles}-{run}-frontend-loaded");
            var nearEntries = await system.Api.NearEntriesAsync();

            // The stats' size counts profiles cached now; it drops as each one's TTL ends.
            var deadline = Stopwatch.StartNew();
            Stats now;
            while ((now = await system.Api.StatsAsync()).ProfileSize > 0)
            {
                if (deadline.Elapsed > _ttl + TimeSpan.FromMinutes(3))
                {
                    throw new TimeoutException($"{now.ProfileSize} profiles still cached {deadline.Elapsed} after loading");
                }

                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            var expiredAfter = stopwatch.Elapsed;
            var expired = await sampler.SampleAsync(pid, $"memory-{profiles}-{run}-expired");
            result.Runs.Add(new MemoryRun(before, loaded, expired, stats.ProfileSize, loadTime, expiredAfter) { Frontend = (frontendBefore, frontendLoaded, nearEntries) });
            Console.Error.WriteLine(
                $"memory N={profiles:N0} run {run + 1}/{_runs}: size {stats.ProfileSize:N0}, RSS {Figures.MiB(before.RssBytes)} → {Figures.MiB(loaded.RssBytes)} → {Figures.MiB(expired.RssBytes)}, " +
                $"heap {Figures.MiB(before.HeapBytes ?? 0)} → {Figures.MiB(loaded.HeapBytes ?? 0)} → {Figures.MiB(expired.HeapBytes ?? 0)}");
        }

        return result;
    }
}
