using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using OrleansCache.Cluster;
using OrleansCache.Silo.Dashboard;
using OrleansCache.Silo.Security;
using OrleansCache.Silo.Hosting;
using OrleansCache.Storage;

try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    if (builder.AddSilo() is { Count: > 0 } refusals)
    {
        return await RefuseAsync(refusals);
    }

    var app = builder.Build();

    // Options bound by the grains (Storage, Cache:*) are checked, and the database opened and migrated, before
    // anything starts: an unusable one is refused in one line rather than by a failed host start.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);

    // With Security:ApiKey set, nothing below answers without it.
    app.UseSiloApiKey(builder.Configuration);
    app.MapOrleansDashboard("/dashboard");
    app.MapCacheDashboard("/dashboard/cache");
    app.MapPrometheusScrapingEndpoint();
    app.MapGet("/", () => Results.Redirect("/dashboard/")).ExcludeFromDescription();

    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    return await RefuseAsync(ex.Failures);
}
catch (Exception ex) when (StartupRefusedException.Find(ex) is { } refused)
{
    // A database named by a setting cannot be used (unreachable, wrong credentials, a newer schema).
    return await RefuseAsync([refused.Message]);
}

// One line per reason, each naming its key; not a stack trace.
static async Task<int> RefuseAsync(IEnumerable<string> reasons)
{
    await Console.Error.WriteLineAsync($"OrleansCache.Silo will not start: {string.Join(" ", reasons)}");
    return 2;
}
