using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansCache.Measure;

/// <summary>
/// Samples a process's memory. <c>dotnet-gcdump collect</c> forces a full, compacting GC and writes the heap by
/// type, so heap figures count only live objects; resident memory (<c>/proc/&lt;pid&gt;/smaps_rollup</c>) is read
/// right after it. Without dotnet-gcdump only resident memory is sampled.
/// </summary>
internal sealed partial class ProcessMemory(string? gcdump, string outputDirectory)
{
    public bool HasHeapDumps => gcdump is not null;

    public async Task<MemorySample> SampleAsync(int pid, string label)
    {
        long? heapBytes = null, heapObjects = null;
        var byType = new Dictionary<string, (long Bytes, long Count)>();
        if (gcdump is not null)
        {
            var file = Path.Combine(outputDirectory, $"{label}.gcdump");
            await RunAsync(gcdump, ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file]);
            var report = await RunAsync(gcdump, ["report", file]);
            await File.WriteAllTextAsync(Path.Combine(outputDirectory, $"{label}.gcdump.txt"), report);
            foreach (var line in report.Split('\n'))
            {
                if (TotalLine().Match(line) is { Success: true } total)
                {
                    var value = Number(total.Groups[1].Value);
                    if (total.Groups[2].Value == "bytes")
                    {
                        heapBytes = value;
                    }
                    else
                    {
                        heapObjects = value;
                    }
                }
                else if (TypeLine().Match(line) is { Success: true } row)
                {
                    // The report gives one object's size and the count, a type split into size classes ("(Bytes > 1K)")
                    // once per class: add them up. For small arrays the size it gives is the array's header only.
                    var type = SizeClass().Replace(row.Groups[3].Value.Trim(), string.Empty);
                    var count = Number(row.Groups[2].Value);
                    byType.TryGetValue(type, out var sum);
                    byType[type] = (sum.Bytes + (Number(row.Groups[1].Value) * count), sum.Count + count);
                }
            }
        }

        var rollup = await File.ReadAllLinesAsync($"/proc/{pid}/smaps_rollup");
        return new MemorySample(Kilobytes(rollup, "Rss:") * 1024, Kilobytes(rollup, "Anonymous:") * 1024, heapBytes, heapObjects, byType);
    }

    private static long Kilobytes(string[] lines, string key) =>
        long.Parse(lines.First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);

    private static long Number(string text) => long.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static async Task<string> RunAsync(string tool, string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap (bytes|objects)\s*$")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^\s*([\d,]+)\s+([\d,]+)\s+(.+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"\s*\(Bytes > [^)]*\)")]
    private static partial Regex SizeClass();
}
