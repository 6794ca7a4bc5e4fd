namespace OrleansCache.Statistics;

/// <summary>The statements the application sent to its database, cluster-wide.</summary>
public sealed record DatabaseStatsEntry(long Reads, long Writes);
