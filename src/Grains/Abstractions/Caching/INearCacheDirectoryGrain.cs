namespace OrleansCache.Caching;

/// <summary>
/// The frontends whose near caches may hold answers (key <see cref="Key"/>): each joins, and renews its membership,
/// more often than the lease; a frontend serves from memory only while its last renewal's lease runs. What must
/// reach every frontend (a clear, the first write or sync of a new activation) goes through here.
/// </summary>
[Alias("cache.INearCacheDirectoryGrain")]
public interface INearCacheDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>The one key of this grain.</summary>
    public const long Key = 0;

    /// <summary>Joins or renews <paramref name="frontend"/> with its near hits so far.</summary>
    [Alias("join")]
    Task<NearMembership> JoinAsync(INearCache frontend, NearHits hits);

    /// <summary>A frontend that stops hands over its near hits.</summary>
    [Alias("leave")]
    Task LeaveAsync(INearCache frontend, NearHits hits);

    /// <summary>Invalidates profile <paramref name="id"/> in every frontend; returns when each confirmed or its lease ran out.</summary>
    [Alias("invalidate")]
    Task InvalidateAsync(string id, long version);

    /// <summary>Drops the profile list in every frontend; returns when each confirmed or its lease ran out.</summary>
    [Alias("invalidate-list")]
    Task InvalidateListAsync();

    /// <summary>Drops every model answer in every frontend; returns when each confirmed or its lease ran out.</summary>
    [Alias("invalidate-models")]
    Task InvalidateModelsAsync();

    /// <summary>Empties every frontend's near cache of profiles; returns when each confirmed or its lease ran out.</summary>
    [Alias("clear")]
    Task ClearAsync();

    /// <summary>The near hits of every frontend: asked now of those that answer, as last reported of the others.</summary>
    [Alias("hits")]
    Task<NearHits> ReadHitsAsync();
}
