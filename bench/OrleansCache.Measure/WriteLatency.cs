using System.Diagnostics;

namespace OrleansCache.Measure;

/// <summary>
/// What coherence costs a write. One silo and three frontends on a database of 100 profiles: the writer (near cache
/// off, so it holds no lease of its own) and two readers (near caches on, the default). Each scenario sends
/// <c>--writes</c> PATCHes of one profile through the writer, one after another, timing each; before each write the
/// scenario's readers read the profile, so they hold a lease on it that the write must revoke. "paused": before each
/// write one reader reads the profile and is then stopped (SIGSTOP), so the write waits out its lease; it is resumed
/// after the write (fewer writes: each takes a lease). 100 writes with both readers holding go first, unrecorded.
/// </summary>
internal sealed class WriteLatency(Settings settings, Workspace workspace)
{
    private readonly int _writes = settings.Int("writes", 500);
    private readonly int _pausedWrites = settings.Int("paused-writes", 5);

    public string Parameters => $"{_writes} sequential PATCHes per scenario ({_pausedWrites} with a paused holder), one profile, through a frontend without a near cache";

    public async Task<IReadOnlyList<(string Scenario, double[] Milliseconds)>> RunAsync()
    {
        var seeded = await workspace.SeedAsync(100);
        var database = workspace.FreshCopy(seeded, "writes");
        var ports = settings.Ports;
        await using var system = await RunningSystem.StartAsync(
            workspace.RepositoryRoot, ports, database, workspace.OutputDirectory, [], ["--Cache:Near:Enabled=false"]);
        var (first, firstApi) = await system.StartFrontendAsync("reader1", ports.Frontend + 1);
        var (_, secondApi) = await system.StartFrontendAsync("reader2", ports.Frontend + 2);
        using (firstApi)
        using (secondApi)
        {
            // Not recorded: the first writes pay for JIT compilation and the database file's growth.
            await MeasureAsync(system.Api, [firstApi, secondApi], 100);
            var results = new List<(string, double[])>
            {
                ("no frontend holds the profile", await MeasureAsync(system.Api, [], _writes)),
                ("1 frontend holds it", await MeasureAsync(system.Api, [firstApi], _writes)),
                ("2 frontends hold it", await MeasureAsync(system.Api, [firstApi, secondApi], _writes)),
                ("1 holder, paused (SIGSTOP) during the write", await MeasurePausedAsync(system.Api, firstApi, first)),
            };
            return results;
        }
    }

    private static async Task<double[]> MeasureAsync(Api writer, Api[] holders, int writes)
    {
        var times = new double[writes];
        for (var i = 0; i < writes; i++)
        {
            foreach (var holder in holders)
            {
                await holder.ExpectProfileAsync(Seeder.Id(0));
            }

            times[i] = await TimeWriteAsync(writer, i);
        }

        return times;
    }

    private async Task<double[]> MeasurePausedAsync(Api writer, Api holder, Process holderProcess)
    {
        var times = new double[_pausedWrites];
        for (var i = 0; i < _pausedWrites; i++)
        {
            await holder.ExpectProfileAsync(Seeder.Id(0));
            await RunningSystem.SignalAsync(holderProcess, "STOP");
            try
            {
                times[i] = await TimeWriteAsync(writer, i);
            }
            finally
            {
                await RunningSystem.SignalAsync(holderProcess, "CONT");
            }
        }

        return times;
    }

    private static async Task<double> TimeWriteAsync(Api writer, int i)
    {
        var start = Stopwatch.GetTimestamp();
        await writer.PatchProfileAsync(Seeder.Id(0), $$"""{"temperature":{{i % 100 / 100.0:0.00}}}""");
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
