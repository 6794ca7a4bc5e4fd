using System.Collections.Immutable;

namespace OrleansCache.Models;

/// <summary>
/// One model of a sync, validated and normalized by the frontend (capabilities lower-case, sorted, distinct); the
/// grain stores capabilities in that form whatever it is given.
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.ModelInput")]
public sealed record ModelInput(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] long? ContextWindow,
    [property: Id(3)] ImmutableArray<string> Capabilities,
    [property: Id(4)] bool Enabled);

/// <summary>A validated <c>POST /api/models/sync</c>: the provider (stored lower-case), its models, and whether to prune the rest.</summary>
[GenerateSerializer, Immutable, Alias("cache.ModelSyncRequest")]
public sealed record ModelSyncRequest(
    [property: Id(0)] string Provider,
    [property: Id(1)] ImmutableArray<ModelInput> Models,
    [property: Id(2)] bool Prune);

/// <summary>What a sync did.</summary>
[GenerateSerializer, Immutable, Alias("cache.ModelSyncResult")]
public sealed record ModelSyncResult(
    [property: Id(0)] string Provider,
    [property: Id(1)] int Inserted,
    [property: Id(2)] int Updated,
    [property: Id(3)] int Unchanged,
    [property: Id(4)] int Removed);
