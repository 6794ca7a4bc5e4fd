namespace OrleansCache.WebFrontend.Cache;

internal sealed record DatabaseStatsEntry(long Reads, long Writes);
