namespace OrleansCache.Models;

/// <summary>
/// The body of <c>POST /api/models/sync</c>: one provider's models (at most 10,000),
/// and whether to delete the provider's models not listed (<c>prune</c>, false when absent).
/// </summary>
public sealed record ModelSyncDocument
{
    public string? Provider { get; init; }

    public IReadOnlyList<ModelInputDocument>? Models { get; init; }

    public bool? Prune { get; init; }
}
