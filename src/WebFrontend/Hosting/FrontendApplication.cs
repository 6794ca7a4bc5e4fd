using OrleansCache.Caching;
using OrleansCache.Cluster;
using OrleansCache.WebFrontend.Cache;
using OrleansCache.WebFrontend.Http;
using OrleansCache.WebFrontend.Limits;
using OrleansCache.WebFrontend.Models;
using OrleansCache.WebFrontend.Near;
using OrleansCache.WebFrontend.OpenApi;
using OrleansCache.WebFrontend.Profiles;
using OrleansCache.WebFrontend.Security;
using Scalar.AspNetCore;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// The frontend's whole composition (settings checks, services, middleware pipeline, routes) in one place, so
/// the frontend's own entry point and a host that embeds it (the HTTP benchmark host) run the same thing.
/// </summary>
public static class FrontendApplication
{
    /// <summary>The exit code of a refused start: a bad setting, named on one line of standard error.</summary>
    public const int RefusedExitCode = 2;

    /// <summary>
    /// Builds the frontend from <paramref name="args"/> and runs it until it is stopped. <paramref name="configureServices"/>
    /// may add services and <paramref name="mapEndpoints"/> routes of the embedding host; both run after the frontend's own.
    /// Returns 0 after a normal stop, or <see cref="RefusedExitCode"/> when a setting refuses the start.
    /// </summary>
    public static async Task<int> RunAsync(
        string[] args,
        Action<WebApplicationBuilder>? configureServices = null,
        Action<WebApplication>? mapEndpoints = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        if (AddFrontend(builder) is { Count: > 0 } refusals)
        {
            // One line that names the keys, not a stack trace.
            await Console.Error.WriteLineAsync($"OrleansCache.WebFrontend will not start: {string.Join(" ", refusals)}");
            return RefusedExitCode;
        }

        configureServices?.Invoke(builder);
        var app = builder.Build();
        UseFrontend(app);
        mapEndpoints?.Invoke(app);

        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// Registers the frontend's services; returns the reasons to refuse start-up (empty when the settings are good),
    /// each one line naming its key. With <paramref name="cluster"/> (the services of an Orleans client or silo this
    /// process already runs) the frontend calls the cluster through it; otherwise it connects its own client.
    /// </summary>
    public static IReadOnlyList<string> AddFrontend(WebApplicationBuilder builder, IServiceProvider? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new StartupSettings(builder.Configuration);
        builder.AddApiKeySecurity(settings);
        if (cluster is null)
        {
            builder.AddClusterClient(settings);
        }
        else
        {
            builder.UseExistingCluster(cluster);
        }

        var near = settings.Bind(NearCacheOptions.Section, new NearCacheOptionsValidator());
        builder.AddApiRateLimiting(settings);
        if (settings.Failures.Count > 0)
        {
            return settings.Failures;
        }

        builder.Services.AddOptions<NearCacheOptions>().Bind(builder.Configuration.GetSection(NearCacheOptions.Section));
        builder.Services.AddSingleton<NearCache>();
        if (near.Enabled)
        {
            builder.Services.AddHostedService<NearCacheMembership>();
        }

        builder.AddHttpConventions();
        builder.AddHealth();
        builder.AddFrontendTelemetry();
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiDocumentTransformer>().AddSchemaTransformer<FieldRuleSchemas>()
                .AddSchemaTransformer<ProblemTraceIdSchema>();

            // HEAD is GET without a body on every GET route (HeadRequests), not an operation of its own.
            var include = options.ShouldInclude;
            options.ShouldInclude = description => include(description) && !HttpMethods.IsHead(description.HttpMethod ?? string.Empty);
        });
        return [];
    }

    /// <summary>Adds the frontend's middleware pipeline and maps its routes.</summary>
    public static WebApplication UseFrontend(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseApiRateLimiting();
        app.UseApiKey();
        app.UseMiddleware<ClusterManifestGate>();
        app.UseAnswerCompression();

        app.MapHealth();
        app.MapFrontendTelemetry();
        app.MapOpenApi().WithHeadForGet().CompressWhenAsked();
        if (app.Environment.IsDevelopment())
        {
            // An interactive page for /openapi/v1.json at /scalar, in development only.
            app.MapScalarApiReference();
        }

        app.MapProfiles();
        app.MapModels();
        app.MapCache();
        return app;
    }
}
