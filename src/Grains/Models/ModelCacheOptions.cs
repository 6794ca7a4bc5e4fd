namespace OrleansCache.Models;

/// <summary>The model catalog cache. Bound from <c>Cache:Models</c>.</summary>
public sealed class ModelCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cache:Models";

    /// <summary>How long a cached answer lives after it was loaded (<c>Cache:Models:Ttl</c>); also the most it can be stale after an edit behind the API's back.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most answers kept at once (<c>Cache:Models:MaxEntries</c>); past it the least recently used goes.
    /// <c>q</c> is free text, so without a bound every distinct search would stay for a whole TTL.
    /// </summary>
    public int MaxEntries { get; set; } = 1000;
}
