using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansCache.WebFrontend.Hosting;
using OrleansCache.WebFrontend.Tests.Support;

namespace OrleansCache.WebFrontend.Tests;

/// <summary>
/// One in-memory frontend. Under the Testing environment it starts no Orleans client of its own; it calls the
/// cluster through <paramref name="grains"/>, the grain factory of one silo, so its calls enter the cluster there.
/// Its logs go to the output of the test that sent the request. <paramref name="settings"/>, if given, are
/// configuration the frontend reads at startup, as from its command line (e.g. <c>Security:ApiKey</c>).
/// </summary>
internal sealed class FrontendFactory(IGrainFactory grains, IClusterClient client, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    private readonly TestOutputLoggerProvider _logs = new();

    /// <summary>A client whose requests send the frontend's logs to the calling test's output.</summary>
    public HttpClient CreateLoggingClient() => CreateDefaultClient(new TestOutputCaptureHandler(_logs));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(FrontendHostingExtensions.TestingEnvironment);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(grains);
            services.AddSingleton(client);
        });
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(_logs));
    }
}
