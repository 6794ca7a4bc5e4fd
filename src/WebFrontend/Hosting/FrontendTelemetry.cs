using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrleansCache.Cluster;
using OrleansCache.WebFrontend.Http;
using OrleansCache.WebFrontend.Near;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// The frontend's OpenTelemetry: its near cache's meter and ASP.NET Core's request metrics at <c>/metrics</c>
/// (Prometheus text format), and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, a span per HTTP request (ASP.NET Core's
/// instrumentation), and under it a span per grain call, whose context travels with the call so the silo's spans join
/// the same trace (see <see cref="ProcessTelemetry"/>); the Orleans client's side of that is in
/// <see cref="ClusterClientExtensions"/>. Every problem answer names the request's trace id (<see cref="ProblemTraceId"/>).
/// </summary>
internal static class FrontendTelemetry
{
    /// <summary>The frontend's <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string DefaultServiceName = "orleanscache-frontend";

    // ASP.NET Core's own request metrics: http.server.request.duration, by route and status code.
    private const string AspNetCoreHostingMeter = "Microsoft.AspNetCore.Hosting";

    /// <summary>
    /// Serves the frontend's metrics in Prometheus text format at <c>/metrics</c> on its own listener, to GET and HEAD
    /// (other methods answer 405, as on every route), behind <c>Security:ApiKey</c> like every route, and not in the
    /// OpenAPI document. Scrapes are not cached: each one reads the figures of that moment. The cluster-wide cache
    /// figures are the silo's <c>/metrics</c>.
    /// </summary>
    public static WebApplication MapFrontendTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint()
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Adds the frontend's metrics (its near cache's meter, and request durations and statuses, for Prometheus), and traces when tracing is on (and its resource either way).</summary>
    public static WebApplicationBuilder AddFrontendTelemetry(this WebApplicationBuilder builder)
    {
        // Prometheus scrapes are not requests anyone follows.
        builder.AddProcessTelemetry(DefaultServiceName, tracing => tracing.AddAspNetCoreInstrumentation(
                options => options.Filter = context => !context.Request.Path.StartsWithSegments("/metrics")))
            .WithMetrics(metrics => metrics
                .AddMeter(NearCache.MeterName, AspNetCoreHostingMeter)
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));

        if (!ProcessTelemetry.IsTracingOn(builder.Configuration))
        {
            // With tracing on, the instrumentation's listener already gives every request its activity.
            builder.Services.AddHostedService<RequestActivities>();
        }

        // Every problem names the request's trace id, whatever else customizes problems.
        builder.Services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var customize = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                ProblemTraceId.Apply(context);
            };
        });
        return builder;
    }
}
