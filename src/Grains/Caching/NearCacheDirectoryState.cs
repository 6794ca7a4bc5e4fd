namespace OrleansCache.Caching;

/// <summary>What <see cref="NearCacheDirectoryGrain"/> keeps across its activations.</summary>
[GenerateSerializer, Alias("cache.NearCacheDirectoryState")]
public sealed class NearCacheDirectoryState
{
    /// <summary>How many activations the directory has had: after the first, frontends may hold memberships it does not know.</summary>
    [Id(0)]
    public long Activations { get; set; }

    /// <summary>The near profile hits of frontends that have left or can no longer be reached.</summary>
    [Id(1)]
    public long DepartedHits { get; set; }

    /// <summary>The near model hits of frontends that have left or can no longer be reached.</summary>
    [Id(2)]
    public long DepartedModelHits { get; set; }

    /// <summary>Both departed counts.</summary>
    public NearHits Departed
    {
        get => new(DepartedHits, DepartedModelHits);
        set => (DepartedHits, DepartedModelHits) = (value.Profiles, value.Models);
    }
}
