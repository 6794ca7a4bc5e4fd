using Orleans.Dashboard;
using OrleansCache.Hosting;
using OrleansCache.Silo;

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

var app = builder.Build();

app.MapOrleansDashboard("/dashboard");
app.MapGet("/", () => Results.Redirect("/dashboard/")).ExcludeFromDescription();

await app.RunAsync();
