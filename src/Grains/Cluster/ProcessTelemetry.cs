using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrleansCache.Cluster;

/// <summary>
/// OpenTelemetry as both hosts (silo and frontend) set it up: the resource names the process (<c>service.name</c>),
/// and traces (with the logs, which then carry their trace and span ids) go out through the standard OTLP exporter
/// when, and only when, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The exporter reads the other standard variables
/// itself (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_BSP_*</c>), from any
/// configuration source, command-line arguments included. Without an endpoint no tracer provider exists, so no
/// ActivitySource of ours or of Orleans has a listener and tracing costs the hot paths nothing.
/// </summary>
public static class ProcessTelemetry
{
    /// <summary>The collector's base URL (OTLP/gRPC by default; <c>/v1/traces</c> is appended for http/protobuf).</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Overrides the process's own <c>service.name</c>.</summary>
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";

    /// <summary>
    /// Orleans' ActivitySources: grain calls (Orleans 10 traces a client's calls to application grains under
    /// <c>Microsoft.Orleans.Runtime</c> too) and activations (<c>Microsoft.Orleans.Lifecycle</c>: a grain that loads its
    /// row in <c>OnActivateAsync</c> does so under the "activate grain" span of the call that activated it).
    /// </summary>
    public static readonly string[] OrleansSources =
    [
        Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName,
        Orleans.Diagnostics.ActivitySources.RuntimeActivitySourceName,
        Orleans.Diagnostics.ActivitySources.LifecycleActivitySourceName,
    ];

    /// <summary>Whether traces are exported: <see cref="EndpointKey"/> is set.</summary>
    public static bool IsTracingOn(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[EndpointKey]);
    }

    /// <summary>The <c>service.name</c> of this process: <see cref="ServiceNameKey"/>, else <paramref name="defaultName"/>.</summary>
    public static string ServiceName(IConfiguration configuration, string defaultName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[ServiceNameKey] is { Length: > 0 } name ? name : defaultName;
    }

    /// <summary>
    /// Adds OpenTelemetry to <paramref name="builder"/> under <paramref name="defaultServiceName"/>; when tracing is on,
    /// traces Orleans' grain calls, lets <paramref name="tracing"/> add the host's own sources and instrumentation, and
    /// exports traces and logs over OTLP. Returns the builder, for the host's metrics.
    /// </summary>
    public static OpenTelemetryBuilder AddProcessTelemetry(
        this IHostApplicationBuilder builder, string defaultServiceName, Action<TracerProviderBuilder> tracing)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tracing);
        var serviceName = ServiceName(builder.Configuration, defaultServiceName);
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(serviceName));
        if (!IsTracingOn(builder.Configuration))
        {
            return telemetry;
        }

        telemetry.WithTracing(tracer =>
        {
            tracer.AddSource(OrleansSources);
            tracing(tracer);
            tracer.AddProcessor(new BackgroundSpanFilter());
            tracer.AddOtlpExporter();
        });

        // Log records exported beside the spans carry the trace and span id of the activity they were written in.
        telemetry.WithLogging(logging => logging.AddOtlpExporter());
        return telemetry;
    }
}
