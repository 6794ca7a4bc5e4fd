using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrleansCache.Cluster;
using OrleansCache.Statistics;
using OrleansCache.Storage;

namespace OrleansCache.Silo.Hosting;

/// <summary>
/// The silo's OpenTelemetry: its metrics (the cache's meter and Orleans' runtime meter, scraped in Prometheus text
/// format at <c>/metrics</c>) always, and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces of its own HTTP
/// endpoints, of the grain calls it serves (continuing the caller's trace, see <see cref="ProcessTelemetry"/>) and of
/// every database statement: SQLite's through <see cref="StatementTracing"/>, PostgreSQL's through Npgsql's source.
/// </summary>
public static class SiloTelemetry
{
    /// <summary>The silo's <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string DefaultServiceName = "orleanscache-silo";

    /// <summary>Adds the silo's metrics and, when tracing is on, its traces.</summary>
    public static WebApplicationBuilder AddSiloTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddProcessTelemetry(DefaultServiceName, tracing => tracing
                // Prometheus scrapes are not requests anyone follows.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"))
                .AddSource(StatementTracing.SourceName)
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(CacheMetrics.MeterName, "Microsoft.Orleans")
                .AddPrometheusExporter());
        return builder;
    }
}
