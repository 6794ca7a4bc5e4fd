namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>The figures of <c>GET /api/cache/stats</c>: both caches and the database statements.</summary>
internal sealed record CacheStats(CacheFigures Profiles, CacheFigures Models, long Reads, long Writes)
{
    /// <summary>Every counter, without the sizes: hits and misses of both caches, database reads and writes.</summary>
    public (long ProfileHits, long ProfileMisses, long ModelHits, long ModelMisses, long Reads, long Writes) Counters =>
        (Profiles.Hits, Profiles.Misses, Models.Hits, Models.Misses, Reads, Writes);
}
