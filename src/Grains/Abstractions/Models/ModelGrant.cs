namespace OrleansCache.Models;

/// <summary>
/// A model lookup's answer and how long the asking frontend may answer it from memory, counted from when it sent the
/// lookup (<see cref="TimeSpan.Zero"/>: not at all).
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.ModelGrant")]
public sealed record ModelGrant(
    [property: Id(0)] ModelListing Listing,
    [property: Id(1)] TimeSpan Lease);
