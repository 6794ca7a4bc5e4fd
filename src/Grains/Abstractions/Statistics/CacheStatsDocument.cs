namespace OrleansCache.Statistics;

/// <summary>The answer of <c>GET /api/cache/stats</c>: each cache's figures and the database's statement counts.</summary>
public sealed record CacheStatsDocument(IReadOnlyList<CacheStatsEntry> Caches, DatabaseStatsEntry Database);
