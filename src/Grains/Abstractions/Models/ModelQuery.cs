namespace OrleansCache.Models;

/// <summary>
/// A normalized model lookup: a filter of <c>GET /api/models</c> (all parts optional, combined with AND), or one
/// model by (<see cref="Provider"/>, <see cref="Id"/>). Lookups that mean the same thing are equal, so they
/// share one cache entry: build them with <see cref="List"/> or <see cref="One"/>, which lower-case
/// <c>provider</c>, <c>capability</c> and <c>q</c> and treat an empty <c>q</c> as none.
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.ModelQuery")]
public sealed record ModelQuery(
    [property: Id(0)] string? Provider,
    [property: Id(1)] string? Capability,
    [property: Id(2)] bool? Enabled,
    [property: Id(3)] string? Q,
    [property: Id(4)] string? Id)
{
    /// <summary>A list filter.</summary>
    public static ModelQuery List(string? provider, string? capability, bool? enabled, string? q) =>
        new(Lower(provider), Lower(capability), enabled, Lower(q), null);

    /// <summary>One model.</summary>
    public static ModelQuery One(string provider, string id) => new(Lower(provider), null, null, null, id);

    /// <summary>True for a lookup of one model.</summary>
    public bool IsSingle => Id is not null;

    private static string? Lower(string? text) => string.IsNullOrEmpty(text) ? null : text.ToLowerInvariant();
}
