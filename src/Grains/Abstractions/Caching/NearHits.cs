namespace OrleansCache.Caching;

/// <summary>Lookups a frontend answered from its own memory, per cache.</summary>
[GenerateSerializer, Immutable, Alias("cache.NearHits")]
public readonly record struct NearHits(
    [property: Id(0)] long Profiles,
    [property: Id(1)] long Models)
{
    /// <summary>The sum of two counts.</summary>
    public static NearHits operator +(NearHits left, NearHits right) => new(left.Profiles + right.Profiles, left.Models + right.Models);

    /// <summary>The difference of two counts.</summary>
    public static NearHits operator -(NearHits left, NearHits right) => new(left.Profiles - right.Profiles, left.Models - right.Models);

    /// <summary>Each count the larger of the two (counts only grow, so the larger is the later).</summary>
    public static NearHits Max(NearHits left, NearHits right) =>
        new(Math.Max(left.Profiles, right.Profiles), Math.Max(left.Models, right.Models));

    /// <summary>The sum of two counts.</summary>
    public static NearHits Add(NearHits left, NearHits right) => left + right;

    /// <summary>The difference of two counts.</summary>
    public static NearHits Subtract(NearHits left, NearHits right) => left - right;
}
