using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;

/// <summary>
/// One more frontend process on the cluster of a <see cref="SystemUnderTest"/> (same gateway, its own free loopback
/// port), so two frontends can race each other on one silo. Disposing kills it.
/// </summary>
internal sealed class ExtraFrontend : IAsyncDisposable
{
    private readonly ProcessHost _process;

    private ExtraFrontend(ProcessHost process, Uri url)
    {
        _process = process;
        Url = url;
        Http = new HttpClient { BaseAddress = url, Timeout = SystemUnderTest.Patience };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    /// <summary>Starts it with <paramref name="extraArguments"/> and waits until its <c>/health/ready</c> answers 200.</summary>
    public static async Task<ExtraFrontend> StartAsync(
        SystemUnderTest system, ITestOutputHelper output, IReadOnlyList<string> extraArguments, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        List<string> arguments =
        [
            $"--Urls={url.GetLeftPart(UriPartial.Authority)}",
            $"--Orleans:Gateway=127.0.0.1:{system.GatewayPort}",
            .. extraArguments,
        ];
        var process = ProcessHost.Start(
            "frontend-2", SystemUnderTest.ProgramPath("WebFrontend", "OrleansCache.WebFrontend"), arguments, system.WorkingDirectory, output);
        var frontend = new ExtraFrontend(process, url);
        try
        {
            foreach (var header in system.Http.DefaultRequestHeaders)
            {
                frontend.Http.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
            }

            var started = Stopwatch.GetTimestamp();
            while (!await frontend.IsReadyAsync(cancellationToken))
            {
                if (process.HasExited || Stopwatch.GetElapsedTime(started) > SystemUnderTest.Patience)
                {
                    throw new InvalidOperationException($"The second frontend did not become ready.{Environment.NewLine}{process.OutputTail()}");
                }

                await Task.Delay(100, cancellationToken);
            }

            return frontend;
        }
        catch
        {
            await frontend.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }

    private async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync("/health/ready", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
