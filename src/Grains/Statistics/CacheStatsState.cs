namespace OrleansCache.Statistics;

/// <summary>
/// The persisted counters of <see cref="CacheStatsGrain"/>: the latest cumulative counts of every live silo,
/// and the folded counts of silos that have left (so they are not lost and not counted twice).
/// </summary>
[GenerateSerializer, Alias("cache.CacheStatsState")]
public sealed class CacheStatsState
{
    /// <summary>Live silos (by address and incarnation) and the latest counts each reported.</summary>
    [Id(0)]
    public Dictionary<string, CounterTotals> Silos { get; set; } = [];

    /// <summary>Everything counted by silos that have left.</summary>
    [Id(1)]
    public CounterTotals Retired { get; set; } = CounterTotals.Zero;

    /// <summary>Silos already folded into <see cref="Retired"/>; a late report from one of them is ignored.</summary>
    [Id(2)]
    public List<string> RetiredSilos { get; set; } = [];
}
