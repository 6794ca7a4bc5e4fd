namespace OrleansCache.WebFrontend.Cache;

internal sealed record CacheStatsResponse(IReadOnlyList<CacheStatsEntry> Caches, DatabaseStatsEntry Database);
