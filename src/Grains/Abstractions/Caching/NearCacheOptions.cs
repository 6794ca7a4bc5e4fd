namespace OrleansCache.Caching;

/// <summary>The frontends' near caches. Bound from <c>Cache:Near</c>.</summary>
public sealed class NearCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cache:Near";

    /// <summary>The longest <see cref="Lease"/> allowed: a change waits up to a lease, within <see cref="ChangeResponseTimeout"/>.</summary>
    public static readonly TimeSpan MaxLease = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How long a frontend waits for the answer to a change (a write, a delete, a sync, a clear), instead of
    /// <c>Orleans:ResponseTimeout</c>: a change waits until every frontend holding what it replaced has confirmed or its
    /// lease has run out, so it may take up to <see cref="MaxLease"/> more than the commit itself. Not much longer: a
    /// change sent to a silo that dies is answered (503) only when this runs out.
    /// </summary>
    public const string ChangeResponseTimeout = "00:00:12";

    /// <summary>Whether a frontend answers repeated profile, list and model reads from its own memory (<c>Cache:Near:Enabled</c>, frontend).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The most answers a frontend keeps; the least recently used go first (<c>Cache:Near:MaxEntries</c>, frontend).</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>
    /// The longest a frontend may answer from memory without hearing from the cluster (<c>Cache:Near:Lease</c>, silo):
    /// also the longest a paused, partitioned or killed frontend can delay a write.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(5);
}
