namespace OrleansCache.WebFrontend.Cache;

internal sealed record CacheClearResponse(IReadOnlyList<string> Cleared);
