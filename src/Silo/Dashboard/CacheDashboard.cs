using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Orleans.Runtime.Messaging;
using OrleansCache.Api;
using OrleansCache.Statistics;

namespace OrleansCache.Silo.Dashboard;

/// <summary>
/// The cache's page beside the Orleans Dashboard: hits, misses, hit rate, entries and near hits per cache, and the
/// database statements, cluster-wide, live and over the last minutes. The Orleans Dashboard (10.4) has no way to add
/// a page or a menu entry of our own (its menu is fixed in its script), so the silo serves this page itself, on the
/// same listener and behind the same API key check. The page is static (HTML, a script and a style sheet embedded in
/// this assembly, nothing from elsewhere); its script polls <c>data</c>, which answers what <c>GET /api/cache/stats</c>
/// answers on the frontend, and keeps the samples of the last minutes to draw the rates.
/// </summary>
internal static class CacheDashboard
{
    private const int RetryAfterSeconds = 2;

    /// <summary>
    /// Maps the page at <paramref name="prefix"/><c>/</c> (without the slash it redirects, so the page's relative
    /// links resolve), its script and style sheet, and <paramref name="prefix"/><c>/data</c>.
    /// </summary>
    public static RouteGroupBuilder MapCacheDashboard(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/", ServePage);
        group.MapGet("/cache.js", (HttpContext context) => CacheDashboardAssets.Serve(context, "cache.js"));
        group.MapGet("/cache.css", (HttpContext context) => CacheDashboardAssets.Serve(context, "cache.css"));
        group.MapGet("/data", GetDataAsync);
        return group;
    }

    private static IResult ServePage(HttpContext context)
    {
        // Routing matches the prefix with or without the slash; the page's relative URLs need it.
        if (context.Request.Path.Value?.EndsWith('/') == false)
        {
            return Results.Redirect($"{context.Request.PathBase}{context.Request.Path}/{context.Request.QueryString}");
        }

        return CacheDashboardAssets.Serve(context, "cache.html");
    }

    /// <summary>The cluster-wide statistics, as the document of <c>GET /api/cache/stats</c>; 503 with Retry-After while the cluster cannot answer.</summary>
    private static async Task<IResult> GetDataAsync(IGrainFactory grains, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        try
        {
            var statistics = await grains.GetGrain<ICacheStatsGrain>(ICacheStatsGrain.Key).GetAsync();
            return Results.Json(CacheStatsDocument.From(statistics), ApiJsonContext.Api.CacheStatsDocument);
        }
        catch (Exception ex) when (ex is TimeoutException or SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or DatabaseUnavailableException)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Service Unavailable",
                detail: "The cluster could not collect the cache statistics now; try again.");
        }
    }
}
