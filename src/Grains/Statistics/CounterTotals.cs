namespace OrleansCache.Statistics;

/// <summary>Cumulative counts: lookups by cache and database statements. Within one silo's life they only grow.</summary>
[GenerateSerializer, Immutable, Alias("cache.CounterTotals")]
public sealed record CounterTotals(
    [property: Id(0)] long ProfileHits,
    [property: Id(1)] long ProfileMisses,
    [property: Id(2)] long ModelHits,
    [property: Id(3)] long ModelMisses,
    [property: Id(4)] long DatabaseReads,
    [property: Id(5)] long DatabaseWrites)
{
    public static readonly CounterTotals Zero = new(0, 0, 0, 0, 0, 0);

    public static CounterTotals operator +(CounterTotals a, CounterTotals b) => new(
        a.ProfileHits + b.ProfileHits,
        a.ProfileMisses + b.ProfileMisses,
        a.ModelHits + b.ModelHits,
        a.ModelMisses + b.ModelMisses,
        a.DatabaseReads + b.DatabaseReads,
        a.DatabaseWrites + b.DatabaseWrites);

    /// <summary>The later of two snapshots of one silo's counts, whatever order they arrive in.</summary>
    public static CounterTotals Latest(CounterTotals a, CounterTotals b) => new(
        Math.Max(a.ProfileHits, b.ProfileHits),
        Math.Max(a.ProfileMisses, b.ProfileMisses),
        Math.Max(a.ModelHits, b.ModelHits),
        Math.Max(a.ModelMisses, b.ModelMisses),
        Math.Max(a.DatabaseReads, b.DatabaseReads),
        Math.Max(a.DatabaseWrites, b.DatabaseWrites));

    public CounterTotals Add(CounterTotals other) => this + other;
}
