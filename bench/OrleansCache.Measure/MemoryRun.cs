namespace OrleansCache.Measure;

internal sealed record MemoryRun(MemorySample Before, MemorySample Loaded, MemorySample Expired, long CachedSize, TimeSpan LoadTime, TimeSpan ExpiredAfter);
