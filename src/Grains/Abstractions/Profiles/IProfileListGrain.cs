using System.Collections.Immutable;
using Orleans.Concurrency;

namespace OrleansCache.Profiles;

/// <summary>
/// The cached answer of <c>GET /api/profiles</c>: every profile ordered by <c>created_at</c> then <c>id</c>.
/// One activation for the cluster (key <see cref="Key"/>); emptied by every profile write before it returns.
/// </summary>
[Alias("cache.IProfileListGrain")]
public interface IProfileListGrain : IGrainWithIntegerKey
{
    /// <summary>The one key of this grain.</summary>
    public const long Key = 0;

    /// <summary>A page of the list: <paramref name="limit"/> profiles (all when null) from <paramref name="offset"/>. Counts one lookup.</summary>
    [Alias("get")]
    Task<ImmutableArray<ProfileSnapshot>> GetAsync(int offset, int? limit);

    /// <summary>Drops the cached list, including a load that is still in flight.</summary>
    [AlwaysInterleave, Alias("invalidate")]
    Task InvalidateAsync();
}
