namespace OrleansCache.Caching;

/// <summary>
/// A frontend's near cache, as the cluster calls it back (a grain observer). The grains that granted it leases
/// invalidate what it holds before they acknowledge a write or a sync; a clear empties it.
/// </summary>
[Alias("cache.INearCache")]
public interface INearCache : IGrainObserver
{
    /// <summary>
    /// Profile <paramref name="id"/> now has <paramref name="version"/> (<see cref="long.MaxValue"/>: it was deleted):
    /// drop an older copy, and never store one older than it from an answer still on its way.
    /// </summary>
    [Alias("invalidate")]
    Task InvalidateAsync(string id, long version);

    /// <summary>A profile changed: drop the profile list, and every list granted before this call that is still on its way.</summary>
    [Alias("invalidate-list")]
    Task InvalidateListAsync();

    /// <summary>The model catalog changed: drop every model answer, and every one granted before this call that is still on its way.</summary>
    [Alias("invalidate-models")]
    Task InvalidateModelsAsync();

    /// <summary>Drops every profile copy, and every profile answer granted before this call that is still on its way.</summary>
    [Alias("clear")]
    Task ClearAsync();

    /// <summary>The lookups this frontend answered from its own memory since it started, per cache.</summary>
    [Alias("hits")]
    Task<NearHits> ReadHitsAsync();
}
