namespace OrleansCache.Statistics;

/// <summary>The grain storage providers of the silo.</summary>
public static class StorageNames
{
    /// <summary>AdoNet grain storage on the SQLite file, for the cumulative cache counters.</summary>
    public const string CacheStats = "cache-stats";
}
