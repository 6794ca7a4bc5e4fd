namespace OrleansCache.Profiles;

/// <summary>
/// A profile as the API shows it: its UTF-8 JSON, serialized once when it was loaded or written, and its version
/// (the ETag). Immutable and shared: a cache hit hands out the same instance without copying.
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.ProfileSnapshot")]
public sealed record ProfileSnapshot(
    [property: Id(0)] byte[] Json,
    [property: Id(1)] long Version);
