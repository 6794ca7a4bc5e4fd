using System.Net;
using System.Text.Json;

namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Reads <c>GET /api/cache/stats</c>.</summary>
internal static class CacheStatsHttp
{
    public const string StatsRoute = "/api/cache/stats";

    /// <summary>Reads the stats; asserts 200.</summary>
    public static async Task<CacheStats> GetCacheStatsAsync(this HttpClient frontend)
    {
        using var response = await frontend.SendAsync(HttpMethod.Get, StatsRoute);
        var stats = await response.ReadJsonAsync(HttpStatusCode.OK);
        var database = stats.GetProperty("database");
        return new CacheStats(
            Figures(CacheEntry(stats, "profiles")),
            Figures(CacheEntry(stats, "models")),
            database.GetProperty("reads").GetInt64(),
            database.GetProperty("writes").GetInt64());
    }

    /// <summary>The entry of <paramref name="name"/> in the stats' <c>caches</c>; asserts there is exactly one.</summary>
    public static JsonElement CacheEntry(JsonElement stats, string name)
    {
        Assert.Equal(JsonValueKind.Array, stats.GetProperty("caches").ValueKind);
        return Assert.Single(stats.GetProperty("caches").EnumerateArray(), c => c.GetProperty("name").GetString() == name);
    }

    private static CacheFigures Figures(JsonElement cache) => new(
        cache.GetProperty("hits").GetInt64(),
        cache.GetProperty("misses").GetInt64(),
        cache.GetProperty("size").GetInt64(),
        cache.GetProperty("hit_rate").GetString()!,
        cache.GetProperty("ttl").GetInt64());
}
