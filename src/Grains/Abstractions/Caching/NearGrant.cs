using OrleansCache.Profiles;

namespace OrleansCache.Caching;

/// <summary>
/// A profile lookup's answer and how long the asking frontend may answer it from memory, counted from when it sent
/// the lookup (<see cref="TimeSpan.Zero"/>: not at all).
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.NearGrant")]
public sealed record NearGrant(
    [property: Id(0)] ProfileResult Result,
    [property: Id(1)] TimeSpan Lease);
