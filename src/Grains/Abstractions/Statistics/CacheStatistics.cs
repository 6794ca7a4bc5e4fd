using System.Collections.Immutable;

namespace OrleansCache.Statistics;

/// <summary>What <c>GET /api/cache/stats</c> reports: every cache and the database statements sent.</summary>
[GenerateSerializer, Immutable, Alias("cache.CacheStatistics")]
public sealed record CacheStatistics(
    [property: Id(0)] ImmutableArray<CacheFigures> Caches,
    [property: Id(1)] long DatabaseReads,
    [property: Id(2)] long DatabaseWrites);
