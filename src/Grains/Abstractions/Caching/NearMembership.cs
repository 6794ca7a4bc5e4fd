namespace OrleansCache.Caching;

/// <summary>
/// A renewed membership in the near-cache directory: how long the frontend may serve from memory, counted from when it
/// sent the renewal, and whether it was a member without a gap until this renewal. After a gap (or on first joining),
/// invalidations may have been sent to every member but this frontend: it must drop what it holds before it serves.
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.NearMembership")]
public readonly record struct NearMembership(
    [property: Id(0)] TimeSpan Lease,
    [property: Id(1)] bool Continuous);
