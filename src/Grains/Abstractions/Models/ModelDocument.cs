namespace OrleansCache.Models;

/// <summary>A model of the catalog as the API shows it; the catalog grain serializes lists of them once per load.</summary>
public sealed record ModelDocument(
    string Provider,
    string Id,
    string Name,
    long? ContextWindow,
    IReadOnlyList<string> Capabilities,
    bool Enabled,
    string SyncedAt);
