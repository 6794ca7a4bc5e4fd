using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansCache.Measure;

/// <summary>Markdown tables of the results, written to stdout and to report.md in the output directory.</summary>
internal sealed class Report(string outputDirectory)
{
    private readonly StringBuilder _text = new();

    public void Line(string line = "") => _text.AppendLine(line);

    public void Machine(string command)
    {
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"')
            : RuntimeInformation.OSDescription;
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024;
        Line($"Command: `{command}`");
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Machine: {cpu}, {Environment.ProcessorCount} cores, {memory:N0} GiB, {os}, .NET {Environment.Version}. Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC."));
        Line();
    }

    public void Relief(IReadOnlyList<ReliefResult> results, string parameters)
    {
        Line($"Database relief ({parameters}). Reads are `database.reads` of GET /api/cache/stats, after minus before; median (min–max) over the runs.");
        Line();
        Line("| profiles in the database | scenario | database reads | profile misses | wall time (preliminary) |");
        Line("|---:|---|---:|---:|---:|");
        foreach (var r in results)
        {
            Line($"| {r.Profiles:N0} | {r.Spread} | {Figures.Summary(r.SpreadReads)} | {Figures.Summary(r.SpreadMisses)} | {Figures.Summary(r.SpreadSeconds, "N2", " s")} |");
            Line($"| {r.Profiles:N0} | {r.Cold} | {Figures.Summary(r.ColdReads)} | {Figures.Summary(r.ColdMisses)} | {Figures.Summary(r.ColdSeconds, "N2", " s")} |");
            Line($"| {r.Profiles:N0} | BASELINE: the same cold lookups, in-process `IMemoryCache.GetOrCreateAsync` | {Figures.Summary(r.BaselineReads)} | | |");
        }

        Line();
    }

    public void Writes(IReadOnlyList<(string Scenario, double[] Milliseconds)> results, string parameters)
    {
        Line($"Write latency ({parameters}): client-side time of each PATCH, from before it was sent until its answer was read.");
        Line();
        Line("| scenario | writes | p50 | p99 | max |");
        Line("|---|---:|---:|---:|---:|");
        foreach (var (scenario, times) in results)
        {
            var sorted = times.Order().ToArray();
            Line($"| {scenario} | {sorted.Length:N0} | {Percentile(sorted, 0.50):N2} ms | {Percentile(sorted, 0.99):N2} ms | {sorted[^1]:N2} ms |");
        }

        Line();
    }

    public void Memory(IReadOnlyList<MemoryResult> results, string parameters)
    {
        Line($"Memory of the silo ({parameters}). Heap: live GC heap after the full GC of `dotnet-gcdump collect`; RSS: `Rss` of /proc/<pid>/smaps_rollup right after it.");
        Line();
        Line("| profiles | JSON per profile | heap before | heap loaded | heap expired | RSS before | RSS loaded | RSS expired | heap per profile − JSON | RSS per profile − JSON | heap left per profile after expiry |");
        Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            foreach (var run in r.Runs)
            {
                var heap = r.PerProfile(s => s.HeapBytes, x => x.Loaded, run) - r.JsonBytes;
                var rss = r.PerProfile(s => s.RssBytes, x => x.Loaded, run) - r.JsonBytes;
                var left = r.PerProfile(s => s.HeapBytes, x => x.Expired, run);
                Line($"| {r.Profiles:N0} | {r.JsonBytes:N0} B | {Figures.MiB(run.Before.HeapBytes ?? 0)} | {Figures.MiB(run.Loaded.HeapBytes ?? 0)} | {Figures.MiB(run.Expired.HeapBytes ?? 0)} | " +
                     $"{Figures.MiB(run.Before.RssBytes)} | {Figures.MiB(run.Loaded.RssBytes)} | {Figures.MiB(run.Expired.RssBytes)} | " +
                     $"**{heap:N0} B** | {rss:N0} B | {left:N0} B |");
            }

            if (r.Runs.Count > 1)
            {
                var heaps = r.Runs.Select(run => r.PerProfile(s => s.HeapBytes, x => x.Loaded, run) - r.JsonBytes).ToList();
                var rsses = r.Runs.Select(run => r.PerProfile(s => s.RssBytes, x => x.Loaded, run) - r.JsonBytes).ToList();
                var lefts = r.Runs.Select(run => r.PerProfile(s => s.HeapBytes, x => x.Expired, run)).ToList();
                Line($"| {r.Profiles:N0}, median (min–max) of {r.Runs.Count} runs | | | | | | | | **{Figures.Summary(heaps, "N0", " B")}** | {Figures.Summary(rsses, "N0", " B")} | {Figures.Summary(lefts, "N0", " B")} |");
            }
        }

        Line();
        Line("The frontend of the same runs (its near cache holding a copy of each profile it read):");
        Line();
        Line("| profiles | near copies held | heap before | heap loaded | RSS before | RSS loaded | heap per near copy | RSS per near copy |");
        Line("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            foreach (var run in r.Runs)
            {
                if (run.Frontend is not { } frontend)
                {
                    continue;
                }

                var copies = Math.Max(frontend.NearEntries, 1);
                Line($"| {r.Profiles:N0} | {frontend.NearEntries:N0} | {Figures.MiB(frontend.Before.HeapBytes ?? 0)} | {Figures.MiB(frontend.Loaded.HeapBytes ?? 0)} | " +
                     $"{Figures.MiB(frontend.Before.RssBytes)} | {Figures.MiB(frontend.Loaded.RssBytes)} | " +
                     $"{((frontend.Loaded.HeapBytes ?? 0) - (frontend.Before.HeapBytes ?? 0)) / (double)copies:N0} B | {(frontend.Loaded.RssBytes - frontend.Before.RssBytes) / (double)copies:N0} B |");
            }
        }

        Line();
        foreach (var r in results)
        {
            var run = r.Runs[^1];
            if (run.Loaded.HeapByType.Count == 0)
            {
                continue;
            }

            Line($"What grew on the heap with {r.Profiles:N0} profiles loaded (loaded minus before, per profile, types over 8 B; from `dotnet-gcdump report`, " +
                 "which gives small arrays at their header size, so array rows are lower bounds and the rows add up to less than the total):");
            Line();
            Line("| type | objects per profile | bytes per profile |");
            Line("|---|---:|---:|");
            var growth = run.Loaded.HeapByType
                .Select(t =>
                {
                    run.Before.HeapByType.TryGetValue(t.Key, out var b);
                    return (Type: t.Key, Count: (t.Value.Count - b.Count) / (double)r.Profiles, Bytes: (t.Value.Bytes - b.Bytes) / (double)r.Profiles);
                })
                .Where(t => t.Bytes > 8)
                .OrderByDescending(t => t.Bytes)
                .ToList();
            foreach (var t in growth)
            {
                Line($"| `{Shorten(t.Type)}` | {t.Count:N2} | {t.Bytes:N0} |");
            }

            Line($"| (all types) | {(run.Loaded.HeapObjects - run.Before.HeapObjects) / (double)r.Profiles:N1} | {((run.Loaded.HeapBytes - run.Before.HeapBytes) ?? 0) / (double)r.Profiles:N0} |");
            Line();
        }
    }

    public async Task SaveAsync()
    {
        var text = _text.ToString();
        Console.WriteLine(text);
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, "report.md"), text);
        await Console.Error.WriteLineAsync($"written to {Path.Combine(outputDirectory, "report.md")}");
    }

    private static string Shorten(string type)
    {
        var assembly = type.LastIndexOf("  [", StringComparison.Ordinal);
        return (assembly > 0 ? type[..assembly] : type).Replace("|", "\\|", StringComparison.Ordinal);
    }

    // The nearest-rank percentile of sorted values.
    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
