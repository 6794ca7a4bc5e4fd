namespace OrleansCache.Statistics;

/// <summary>What one silo has counted since it started (sizes: what it holds now).</summary>
[GenerateSerializer, Immutable, Alias("cache.SiloCacheCounts")]
public sealed record SiloCacheCounts(
    [property: Id(0)] long ProfileHits,
    [property: Id(1)] long ProfileMisses,
    [property: Id(2)] long ProfileEntries,
    [property: Id(3)] long ModelHits,
    [property: Id(4)] long ModelMisses,
    [property: Id(5)] long ModelEntries,
    [property: Id(6)] long DatabaseReads,
    [property: Id(7)] long DatabaseWrites);
