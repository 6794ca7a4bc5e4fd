namespace OrleansCache.Measure;

/// <summary>What a process holds at one moment: resident memory, and (from a heap dump) the GC heap by type.</summary>
internal sealed record MemorySample(long RssBytes, long AnonymousBytes, long? HeapBytes, long? HeapObjects, IReadOnlyDictionary<string, (long Bytes, long Count)> HeapByType);
