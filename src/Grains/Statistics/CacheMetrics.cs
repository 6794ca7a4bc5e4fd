using System.Diagnostics.Metrics;

namespace OrleansCache.Statistics;

/// <summary>
/// The cache figures as <see cref="System.Diagnostics.Metrics"/> instruments under the meter
/// <see cref="MeterName"/>, for OpenTelemetry. They are observable instruments read from
/// <see cref="CacheCounters"/> when a collector asks, so they add nothing to the hot path.
/// Tags are low-cardinality: <c>cache</c> (profiles, models) and <c>kind</c> (read, write).
/// </summary>
public sealed class CacheMetrics : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The product's meter.</summary>
    public const string MeterName = "OrleansCache";

    private static readonly KeyValuePair<string, object?> Profiles = new("cache", "profiles");
    private static readonly KeyValuePair<string, object?> Models = new("cache", "models");
    private static readonly KeyValuePair<string, object?> Read = new("kind", "read");
    private static readonly KeyValuePair<string, object?> Write = new("kind", "write");

    public CacheMetrics(IMeterFactory meterFactory, CacheCounters counters)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("orleanscache.cache.hits", () => Pair(counters.Read(), c => c.ProfileHits, c => c.ModelHits), "{lookup}", "Lookups answered without reading the database.");
        meter.CreateObservableCounter("orleanscache.cache.misses", () => Pair(counters.Read(), c => c.ProfileMisses, c => c.ModelMisses), "{lookup}", "Lookups that read the database.");
        meter.CreateObservableUpDownCounter(
            "orleanscache.cache.entries",
            () =>
            {
                var counts = counters.Read();
                return new Measurement<long>[] { new(counts.ProfileEntries, Profiles), new(counts.ModelEntries, Models) };
            },
            "{entry}",
            "Entries cached on this silo now.");
        meter.CreateObservableCounter(
            "orleanscache.db.statements",
            () =>
            {
                var totals = counters.Read().Totals;
                return new Measurement<long>[] { new(totals.DatabaseReads, Read), new(totals.DatabaseWrites, Write) };
            },
            "{statement}",
            "Statements sent to the database.");
    }

    /// <summary>Nothing to do at any stage: taking part only makes the silo create the instruments when it starts.</summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
    }

    private static Measurement<long>[] Pair(SiloCacheCounts counts, Func<CounterTotals, long> profiles, Func<CounterTotals, long> models) =>
        [new(profiles(counts.Totals), Profiles), new(models(counts.Totals), Models)];
}
