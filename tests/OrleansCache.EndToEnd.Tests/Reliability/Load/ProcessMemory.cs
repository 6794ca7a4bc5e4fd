using System.Diagnostics;
using System.Globalization;

namespace OrleansCache.EndToEnd.Tests.Reliability.Load;

/// <summary>
/// Samples the resident memory (<c>VmRSS</c> of <c>/proc/&lt;pid&gt;/status</c>) of processes, from outside, at a
/// fixed interval until disposed. The process ids are asked for at each sample, so a process that is killed and
/// started again is followed; a sample of a process that is not running is skipped.
/// </summary>
internal sealed class ProcessMemory : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, Func<int?>> _processes;
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>Starts sampling every <paramref name="interval"/> the processes named in <paramref name="processes"/>.</summary>
    public ProcessMemory(IReadOnlyDictionary<string, Func<int?>> processes, TimeSpan interval)
    {
        _processes = processes;
        _loop = SampleAsync(interval);
    }

    /// <summary>One reading: which process, when (since sampling began), and its resident memory in bytes.</summary>
    public readonly record struct Sample(string Process, TimeSpan At, long RssBytes);

    /// <summary>The resident memory of <paramref name="pid"/> in bytes, or null when it is not running.</summary>
    public static long? ReadRss(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (var line in lines)
        {
            // "VmRSS:	  123456 kB"
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }

    /// <summary>How many open file descriptors of <paramref name="pid"/> name <paramref name="path"/> (e.g. SQLite connections to a file).</summary>
    public static int CountOpenFiles(int pid, string path)
    {
        var count = 0;
        try
        {
            foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                try
                {
                    if (new FileInfo(descriptor).LinkTarget == path)
                    {
                        count++;
                    }
                }
                catch (IOException)
                {
                    // Closed between listing and reading.
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        return count;
    }

    /// <summary>How long it has been sampling.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Every sample of <paramref name="process"/> so far.</summary>
    public IReadOnlyList<Sample> Of(string process)
    {
        lock (_samples)
        {
            return [.. _samples.Where(s => s.Process == process)];
        }
    }

    /// <summary>The highest resident memory of <paramref name="process"/> seen so far, in bytes (0 with no sample).</summary>
    public long Peak(string process) => Of(process).Select(s => s.RssBytes).DefaultIfEmpty(0).Max();

    /// <summary>The samples of <paramref name="process"/> taken in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public IReadOnlyList<long> Between(string process, TimeSpan from, TimeSpan to) =>
        [.. Of(process).Where(s => s.At >= from && s.At < to).Select(s => s.RssBytes)];

    /// <summary>Takes one sample of every process now.</summary>
    public void SampleNow()
    {
        var at = Stopwatch.GetElapsedTime(_started);
        foreach (var (name, pid) in _processes)
        {
            if (pid() is { } id && ReadRss(id) is { } rss)
            {
                lock (_samples)
                {
                    _samples.Add(new Sample(name, at, rss));
                }
            }
        }
    }

    public static string MiB(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MiB";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task SampleAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                SampleNow();
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
