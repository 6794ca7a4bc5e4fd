using System.Globalization;
using OrleansCache.Statistics;

namespace OrleansCache.WebFrontend.Cache;

/// <summary>The cache routes.</summary>
internal static class CacheApi
{
    public static RouteGroupBuilder MapCache(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/cache").WithTags("Cache");
        group.MapGet("/stats", GetStatsAsync).WithName("GetCacheStats").WithSummary("Cluster-wide cache statistics.");
        group.MapPost("/clear", (IGrainFactory grains) => ClearAsync(grains, profiles: true, models: true))
            .WithName("ClearCaches").WithSummary("Empties every cache on every silo; counters are kept.");
        group.MapPost("/clear/profiles", (IGrainFactory grains) => ClearAsync(grains, profiles: true, models: false))
            .WithName("ClearProfileCache").WithSummary("Empties the profile cache on every silo.");
        group.MapPost("/clear/models", (IGrainFactory grains) => ClearAsync(grains, profiles: false, models: true))
            .WithName("ClearModelCache").WithSummary("Empties the model cache.");
        return group;
    }

    internal static async Task<IResult> GetStatsAsync(IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key).GetAsync();
        var caches = new CacheStatsEntry[statistics.Caches.Length];
        for (var i = 0; i < caches.Length; i++)
        {
            var cache = statistics.Caches[i];
            caches[i] = new CacheStatsEntry(cache.Name, cache.Hits, cache.Misses, cache.Size, HitRate(cache.Hits, cache.Misses), (long)cache.Ttl.TotalSeconds);
        }

        return TypedResults.Ok(new CacheStatsResponse(caches, new DatabaseStatsEntry(statistics.DatabaseReads, statistics.DatabaseWrites)));
    }

    internal static async Task<IResult> ClearAsync(IGrainFactory grains, bool profiles, bool models)
    {
        await grains.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key).ClearAsync(profiles, models);
        string[] cleared = (profiles, models) switch
        {
            (true, true) => ["profiles", "models"],
            (true, false) => ["profiles"],
            _ => ["models"],
        };
        return TypedResults.Ok(new CacheClearResponse(cleared));
    }

    /// <summary>hits / (hits + misses) as a percentage with one decimal; "0.0%" with no lookups.</summary>
    internal static string HitRate(long hits, long misses)
    {
        var lookups = hits + misses;
        var rate = lookups == 0 ? 0m : Math.Round(100m * hits / lookups, 1, MidpointRounding.AwayFromZero);
        return rate.ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }
}
