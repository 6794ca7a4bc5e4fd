namespace OrleansCache.Caching;

/// <summary>The answer of a clear: the caches it emptied.</summary>
public sealed record CacheClearDocument(IReadOnlyList<string> Cleared);
