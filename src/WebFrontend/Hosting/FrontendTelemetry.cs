using OpenTelemetry.Trace;
using OrleansCache.Cluster;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// The frontend's OpenTelemetry: when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, a span per HTTP request (ASP.NET Core's
/// instrumentation), and under it a span per grain call, whose context travels with the call so the silo's spans join
/// the same trace (see <see cref="ProcessTelemetry"/>); the Orleans client's side of that is in
/// <see cref="ClusterClientExtensions"/>. Every problem answer names the request's trace id (<see cref="ProblemTraceId"/>).
/// </summary>
internal static class FrontendTelemetry
{
    /// <summary>The frontend's <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string DefaultServiceName = "orleanscache-frontend";

    /// <summary>Adds the frontend's traces when tracing is on (and its resource either way).</summary>
    public static WebApplicationBuilder AddFrontendTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddProcessTelemetry(DefaultServiceName, tracing => tracing.AddAspNetCoreInstrumentation());

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
