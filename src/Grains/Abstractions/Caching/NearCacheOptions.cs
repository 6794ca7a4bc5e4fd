namespace OrleansCache.Caching;

/// <summary>The frontends' near caches. Bound from <c>Cache:Near</c>.</summary>
public sealed class NearCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cache:Near";

    /// <summary>Whether a frontend answers repeated profile reads from its own memory (<c>Cache:Near:Enabled</c>, frontend).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The most profiles a frontend keeps; the least recently used go first (<c>Cache:Near:MaxEntries</c>, frontend).</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>
    /// The longest a frontend may answer from memory without hearing from the cluster (<c>Cache:Near:Lease</c>, silo):
    /// also the longest a paused, partitioned or killed frontend can delay a write.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(5);
}
