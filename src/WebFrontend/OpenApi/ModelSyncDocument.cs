namespace OrleansCache.WebFrontend.OpenApi;

/// <summary>A sync: at most 10,000 models of one provider; prune deletes the provider's models not listed.</summary>
internal sealed record ModelSyncDocument(string Provider, IReadOnlyList<ModelInputDocument> Models, bool? Prune);
