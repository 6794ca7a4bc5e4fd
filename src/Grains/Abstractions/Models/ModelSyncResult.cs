namespace OrleansCache.Models;

/// <summary>What a sync did.</summary>
[GenerateSerializer, Immutable, Alias("cache.ModelSyncResult")]
public sealed record ModelSyncResult(
    [property: Id(0)] string Provider,
    [property: Id(1)] int Inserted,
    [property: Id(2)] int Updated,
    [property: Id(3)] int Unchanged,
    [property: Id(4)] int Removed);
