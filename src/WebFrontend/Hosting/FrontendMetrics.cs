using OpenTelemetry.Metrics;
using OrleansCache.WebFrontend.Near;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// The frontend's metrics: its near cache's meter, scraped in Prometheus text format at <c>/metrics</c> on the
/// frontend's own listener (behind <c>Security:ApiKey</c> when it is set, like every route). The cluster-wide cache
/// figures are the silo's <c>/metrics</c>. Scrapes are not cached: each one reads the figures of that moment.
/// </summary>
internal static class FrontendMetrics
{
    public static void AddFrontendMetrics(this WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(NearCache.MeterName)
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));

    public static void MapFrontendMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint().ExcludeFromDescription();
}
