using Orleans.Dashboard;
using OrleansCache.Hosting;
using OrleansCache.Silo;
using OrleansCache.Statistics;
using OpenTelemetry.Metrics;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
var settings = SiloSettings.Read(builder.Configuration);

// The silo's own web endpoints (the dashboard) listen on Dashboard:Urls, loopback by default.
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

app.MapOrleansDashboard("/dashboard");
app.MapPrometheusScrapingEndpoint();
app.MapGet("/", () => Results.Redirect("/dashboard/")).ExcludeFromDescription();

await app.RunAsync();
