using System.Collections.Immutable;

namespace OrleansCache.Models;

/// <summary>A validated <c>POST /api/models/sync</c>: the provider (stored lower-case), its models, and whether to prune the rest.</summary>
[GenerateSerializer, Immutable, Alias("cache.ModelSyncRequest")]
public sealed record ModelSyncRequest(
    [property: Id(0)] string Provider,
    [property: Id(1)] ImmutableArray<ModelInput> Models,
    [property: Id(2)] bool Prune);
