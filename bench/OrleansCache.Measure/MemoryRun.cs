namespace OrleansCache.Measure;

internal sealed record MemoryRun(MemorySample Before, MemorySample Loaded, MemorySample Expired, long CachedSize, TimeSpan LoadTime, TimeSpan ExpiredAfter)
{
    /// <summary>The frontend before and after loading, and how many near copies it held then.</summary>
    public (MemorySample Before, MemorySample Loaded, long NearEntries)? Frontend { get; init; }
}
