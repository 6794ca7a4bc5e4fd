namespace OrleansCache.WebFrontend.OpenApi;

/// <summary>A model of the catalog.</summary>
internal sealed record ModelDocument(
    string Provider,
    string Id,
    string Name,
    long? ContextWindow,
    IReadOnlyList<string> Capabilities,
    bool Enabled,
    DateTimeOffset SyncedAt);
