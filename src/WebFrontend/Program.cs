using OrleansCache.WebFrontend.Cache;
using OrleansCache.WebFrontend.Hosting;
using OrleansCache.WebFrontend.Profiles;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddClusterClient();
builder.AddHttpConventions();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapProfiles();
app.MapCache();

await app.RunAsync();

/// <summary>The frontend's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
