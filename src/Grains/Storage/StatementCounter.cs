using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansCache.Statistics;

namespace OrleansCache.Storage;

/// <summary>
/// Counts the statements this silo sent to its database, and measures how long each took (the histogram
/// <c>orleanscache.db.statement.duration</c>, in seconds, tagged <c>kind</c> read or write, on the meter
/// <see cref="CacheMetrics.MeterName"/>). <see cref="Database"/> is the only code that sends statements at run time,
/// and it counts and times each one here.
/// </summary>
public sealed class StatementCounter
{
    private static readonly KeyValuePair<string, object?> Read = new("kind", "read");
    private static readonly KeyValuePair<string, object?> Write = new("kind", "write");

    // From half a millisecond (a cached SQLite page) to seconds (a database in trouble).
    private static readonly InstrumentAdvice<double> DurationBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private readonly Histogram<double>? _duration;
    private long _reads;
    private long _writes;

    /// <summary>A counter that measures no durations (tests that only count).</summary>
    public StatementCounter()
    {
    }

    /// <summary>A counter whose durations go to the product's meter, created through <paramref name="meters"/>.</summary>
    public StatementCounter(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _duration = meters.Create(CacheMetrics.MeterName).CreateHistogram(
            "orleanscache.db.statement.duration", "s", "How long a statement took, from sending it to reading its last row.", advice: DurationBuckets);
    }

    /// <summary>Statements that only read (SELECT).</summary>
    public long Reads => Volatile.Read(ref _reads);

    /// <summary>Statements that change data (INSERT, UPDATE, DELETE).</summary>
    public long Writes => Volatile.Read(ref _writes);

    internal void CountRead() => Interlocked.Increment(ref _reads);

    internal void CountWrite() => Interlocked.Increment(ref _writes);

    /// <summary>Records a statement that started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>); nothing when no one listens.</summary>
    internal void Measure(bool write, long startTimestamp)
    {
        if (_duration is { Enabled: true } duration)
        {
            duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, write ? Write : Read);
        }
    }
}
