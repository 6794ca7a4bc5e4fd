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
