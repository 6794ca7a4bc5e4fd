namespace OrleansCache.Caching;

/// <summary>What <see cref="NearCacheDirectoryGrain"/> keeps across its activations.</summary>
[GenerateSerializer, Alias("cache.NearCacheDirectoryState")]
public sealed class NearCacheDirectoryState
{
    /// <summary>How many activations the directory has had: after the first, frontends may hold memberships it does not know.</summary>
    [Id(0)]
    public long Activations { get; set; }

    /// <summary>The near hits of frontends that have left or stopped renewing.</summary>
    [Id(1)]
    public long DepartedHits { get; set; }
}
