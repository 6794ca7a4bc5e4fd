namespace OrleansCache.Statistics;

/// <summary>The near-cache share of a cache's figures: the hits frontends answered from their own memory (counted in <c>hits</c> too).</summary>
public sealed record NearStatsEntry(long Hits);
