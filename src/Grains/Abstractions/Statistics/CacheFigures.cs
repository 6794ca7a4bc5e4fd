namespace OrleansCache.Statistics;

/// <summary>The figures of one cache, cluster-wide; <see cref="NearHits"/> of the <see cref="Hits"/> were answered from frontends' near caches.</summary>
[GenerateSerializer, Immutable, Alias("cache.CacheFigures")]
public sealed record CacheFigures(
    [property: Id(0)] string Name,
    [property: Id(1)] long Hits,
    [property: Id(2)] long Misses,
    [property: Id(3)] long Size,
    [property: Id(4)] TimeSpan Ttl,
    [property: Id(5)] long NearHits);
