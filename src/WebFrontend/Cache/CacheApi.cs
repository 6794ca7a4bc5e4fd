using Microsoft.AspNetCore.Http.HttpResults;
using OrleansCache.Caching;
using OrleansCache.Statistics;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Cache;

/// <summary>The cache routes: statistics, and clearing.</summary>
internal static class CacheApi
{
    public static RouteGroupBuilder MapCache(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/cache").WithTags("Cache").WithHeadForGet();
        group.MapGet("/stats", GetStatsAsync)
            .WithName("GetCacheStats").WithSummary("Cluster-wide cache statistics.")
            .WithDescription("Hits, misses, entries and hit rate of each cache, and the statements sent to the database, summed over " +
                "every silo; a read includes every request answered before it began.");
        group.MapPost("/clear", (IGrainFactory grains) => ClearAsync(grains, profiles: true, models: true))
            .WithName("ClearCaches").WithSummary("Empties every cache on every silo; counters are kept.")
            .WithDescription("Once this answers, the next read of any profile or model list reads the database.");
        group.MapPost("/clear/profiles", (IGrainFactory grains) => ClearAsync(grains, profiles: true, models: false))
            .WithName("ClearProfileCache").WithSummary("Empties the profile cache on every silo.")
            .WithDescription("Once this answers, the next read of any profile reads the database.");
        group.MapPost("/clear/models", (IGrainFactory grains) => ClearAsync(grains, profiles: false, models: true))
            .WithName("ClearModelCache").WithSummary("Empties the model cache.")
            .WithDescription("Once this answers, the next model list or lookup reads the database.");
        return group;
    }

    internal static async Task<Ok<CacheStatsDocument>> GetStatsAsync(IGrainFactory grains) =>
        TypedResults.Ok(CacheStatsDocument.From(await grains.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key).GetAsync()));

    internal static async Task<Ok<CacheClearDocument>> ClearAsync(IGrainFactory grains, bool profiles, bool models)
    {
        await grains.GetGrain<ICacheControlGrain>(ICacheControlGrain.Key).ClearAsync(profiles, models);
        string[] cleared = (profiles, models) switch
        {
            (true, true) => ["profiles", "models"],
            (true, false) => ["profiles"],
            _ => ["models"],
        };
        return TypedResults.Ok(new CacheClearDocument(cleared));
    }
}
