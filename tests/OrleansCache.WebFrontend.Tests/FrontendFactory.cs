using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansCache.WebFrontend.Hosting;
using OrleansCache.WebFrontend.Near;
using OrleansCache.WebFrontend.Tests.Support;

namespace OrleansCache.WebFrontend.Tests;

/// <summary>
/// One in-memory frontend, composed exactly as the frontend program composes itself (<see cref="FrontendApplication"/>),
/// embedded in the test process's cluster: it calls the grains through the services of one silo
/// (<paramref name="silo"/>), so its calls enter the cluster there, as a frontend connected to that silo's gateway
/// would. Its logs go to the output of the test that sent the request. <paramref name="settings"/>, if given, are
/// configuration the frontend reads at startup, as from its command line (e.g. <c>Security:ApiKey</c>). With
/// <paramref name="loopback"/> it listens on a free loopback port instead (<see cref="Address"/>), for clients that are
/// other processes.
/// </summary>
internal sealed class FrontendFactory(IServiceProvider silo, IReadOnlyDictionary<string, string>? settings = null, bool loopback = false) : IAsyncDisposable
{
    private readonly TestOutputLoggerProvider _logs = new();
    private readonly Lock _starting = new();
    private WebApplication? _app;

    /// <summary>A client whose requests send the frontend's logs to the calling test's output.</summary>
    public HttpClient CreateLoggingClient() =>
        new(new TestOutputCaptureHandler(_logs) { InnerHandler = Server().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };

    /// <summary>Where a frontend started with <c>loopback</c> listens.</summary>
    public Uri Address
    {
        get
        {
            Start();
            return new Uri(_app!.Urls.Single());
        }
    }

    /// <summary>The frontend's near cache.</summary>
    public NearCache Near
    {
        get
        {
            Start();
            return _app!.Services.GetRequiredService<NearCache>();
        }
    }

    /// <summary>A plain client of the frontend.</summary>
    public HttpClient CreateClient() => Server().CreateClient();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            // Stopped first, as a frontend process is on SIGTERM: its near cache leaves the cluster, handing over its hits.
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private TestServer Server()
    {
        Start();
        return _app!.GetTestServer();
    }

    private void Start()
    {
        lock (_starting)
        {
            if (_app is null)
            {
                var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
                if (loopback)
                {
                    builder.WebHost.UseUrls("http://127.0.0.1:0");
                }
                else
                {
                    builder.WebHost.UseTestServer();
                }

                builder.Configuration.AddInMemoryCollection(settings?.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)) ?? []);
                builder.Logging.ClearProviders().AddProvider(_logs);
                if (FrontendApplication.AddFrontend(builder, silo) is { Count: > 0 } refusals)
                {
                    throw new InvalidOperationException(string.Join(" ", refusals));
                }

                var app = builder.Build();
                FrontendApplication.UseFrontend(app);
                app.StartAsync().GetAwaiter().GetResult();
                _app = app;
            }
        }
    }
}
