namespace OrleansCache.Measure;

/// <summary>The parts of GET /api/cache/stats the measurements read: database reads and the profile cache.</summary>
internal sealed record Stats(long DatabaseReads, long ProfileHits, long ProfileMisses, long ProfileSize);
