using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using OrleansCache.Hosting;
using OrleansCache.Silo;
using OrleansCache.Statistics;
using OrleansCache.Storage;
using Microsoft.Extensions.Options;

SiloSettings? settings = null;
try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = args,
        ContentRootPath = AppContext.BaseDirectory,
    });
    settings = SiloSettings.Read(builder.Configuration);
    settings.EnsurePortsAreFree();

    // The silo's own web endpoints (dashboard, metrics) listen on Dashboard:Urls, loopback by default.
    builder.WebHost.UseUrls(settings.DashboardUrls);

    builder.UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(
            settings.SiloPort,
            settings.GatewayPort,
            settings.PrimarySiloEndpoint,
            settings.ServiceId,
            settings.ClusterId);
        silo.AddOrleansCache(builder.Configuration);
        silo.AddDashboard();
    });

    // The cache's own meter and Orleans' runtime meter, scraped in Prometheus text format at /metrics.
    builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
        .AddMeter(CacheMetrics.MeterName, "Microsoft.Orleans")
        .AddPrometheusExporter());

    var app = builder.Build();

    // Refuse bad settings and an unusable database before anything starts (the silo migrates again as it
    // starts, which is then a no-op), so the refusal is one line rather than a failed host start.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);

    // With Security:ApiKey set, nothing below answers without it.
    app.UseSiloApiKey(builder.Configuration);

    app.MapOrleansDashboard("/dashboard");
    app.MapPrometheusScrapingEndpoint();
    app.MapGet("/", () => Results.Redirect("/dashboard/")).ExcludeFromDescription();

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.Describe(ex, settings) is { } reason)
{
    // One line that names the setting, not a stack trace.
    await Console.Error.WriteLineAsync($"OrleansCache.Silo will not start: {reason}");
    return 2;
}
