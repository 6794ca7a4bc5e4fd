using System.Globalization;
using OrleansCache.Measure;

// Measurements against the real processes (the built Silo and WebFrontend), one command each:
//   relief   database reads for 10,000 GETs over 100 profiles, and for 1,000 concurrent cold GETs, on a slow
//            database; next to it a baseline in-process IMemoryCache over the same slow read
//   memory   silo memory per cached profile with N profiles loaded, and after they expire
//   growth   relief and memory at each of --sizes (default 1,000 and 100,000 profiles)
//   writes   write latency with 0, 1 and 2 frontends holding the profile in their near caches, and with a paused one
// Options: --profiles N, --sizes a,b, --runs R, --read-delay, --ttl, --concurrency, --out DIR, --gcdump PATH,
//          --writes N, --paused-writes N,
//          --silo-port/--gateway-port/--dashboard-port/--frontend-port (default 11311/30200/8281/5280).
Settings settings;
try
{
    settings = Settings.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"{ex.Message}\nusage: OrleansCache.Measure relief|memory|growth|writes [--profiles N] [--sizes 1000,100000] [--runs R] [--read-delay 00:00:00.100] [--ttl 00:02:00] [--out DIR] [--gcdump PATH]");
    return 2;
}

var root = Workspace.FindRepositoryRoot();
var output = settings.Text("out", Path.Combine(root, "artifacts", "measure", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + settings.Command));
using var workspace = new Workspace(root, output);
var gcdump = settings.Text("gcdump", Environment.GetEnvironmentVariable("DOTNET_GCDUMP") ?? "");
var sampler = new ProcessMemory(gcdump.Length > 0 ? gcdump : null, workspace.OutputDirectory);
var report = new Report(workspace.OutputDirectory);
report.Machine("bench/measure.sh " + string.Join(' ', args));

switch (settings.Command)
{
    case "relief":
    {
        var relief = new Relief(settings, workspace);
        var result = await relief.RunAsync(settings.Int("profiles", 1_000));
        report.Relief([result], relief.Parameters);
        break;
    }

    case "memory":
    {
        var memory = new Memory(settings, workspace, sampler);
        var result = await memory.RunAsync(settings.Int("profiles", 100_000));
        report.Memory([result], memory.Parameters);
        break;
    }

    case "writes":
    {
        var writes = new WriteLatency(settings, workspace);
        report.Writes(await writes.RunAsync(), writes.Parameters);
        break;
    }

    case "growth":
    {
        var sizes = settings.Ints("sizes", [1_000, 100_000]);
        var relief = new Relief(settings, workspace);
        var memory = new Memory(settings, workspace, sampler);
        var reliefResults = new List<ReliefResult>();
        var memoryResults = new List<MemoryResult>();
        foreach (var size in sizes)
        {
            reliefResults.Add(await relief.RunAsync(size));
            memoryResults.Add(await memory.RunAsync(size));
        }

        report.Relief(reliefResults, relief.Parameters);
        report.Memory(memoryResults, memory.Parameters);
        break;
    }

    default:
        await Console.Error.WriteLineAsync($"unknown command '{settings.Command}' (relief, memory, growth or writes)");
        return 2;
}

await report.SaveAsync();
return 0;
