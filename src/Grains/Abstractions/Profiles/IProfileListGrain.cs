using System.Collections.Immutable;
using Orleans.Concurrency;

namespace OrleansCache.Profiles;

/// <summary>
/// The cached answer of <c>GET /api/profiles</c>: every profile ordered by <c>created_at</c> then <c>id</c>.
/// One activation for the cluster (key <see cref="Key"/>); emptied, in the grain and in every frontend, by every
/// profile write before that write is acknowledged.
/// </summary>
[Alias("cache.IProfileListGrain")]
public interface IProfileListGrain : IGrainWithIntegerKey
{
    /// <summary>The one key of this grain.</summary>
    public const long Key = 0;

    /// <summary>A page of the list: <paramref name="limit"/> profiles (all when null) from <paramref name="offset"/>. Counts one lookup.</summary>
    [Alias("get")]
    Task<ImmutableArray<ProfileSnapshot>> GetAsync(int offset, int? limit);

    /// <summary>
    /// The whole list, counting one lookup, with a lease for <paramref name="holder"/>: until it ends, a write is
    /// acknowledged only after <paramref name="holder"/> confirmed the list's invalidation (or the lease ran out).
    /// </summary>
    [Alias("get-near")]
    Task<ProfileListGrant> GetNearAsync(Caching.INearCache holder);

    /// <summary>
    /// Drops the cached list, including a load that is still in flight, and every frontend's copy; returns once no
    /// frontend can answer the old list.
    /// </summary>
    [AlwaysInterleave, Alias("invalidate")]
    Task InvalidateAsync();
}
