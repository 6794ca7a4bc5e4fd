namespace OrleansCache.Statistics;

/// <summary>What one silo (<see cref="Silo"/>: its address and incarnation) has counted since it started, and the entries it holds now.</summary>
[GenerateSerializer, Immutable, Alias("cache.SiloCacheCounts")]
public sealed record SiloCacheCounts(
    [property: Id(0)] string Silo,
    [property: Id(1)] CounterTotals Totals,
    [property: Id(2)] long ProfileEntries,
    [property: Id(3)] long ModelEntries);
