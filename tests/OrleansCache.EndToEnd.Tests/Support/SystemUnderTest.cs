using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansCache.EndToEnd.Tests.Support;

/// <summary>
/// The built Silo and WebFrontend programs, started as separate processes the way start.sh starts them
/// (<c>dotnet OrleansCache.Silo.dll --Key=value …</c>), on free loopback ports picked now, with a temporary
/// directory as working directory and a SQLite file in it. Nothing is built here: the programs come from
/// <c>src/*/bin/&lt;Configuration&gt;/&lt;framework&gt;/</c>, next to this test's own output. Disposing kills both
/// process trees and deletes the directory.
/// </summary>
internal sealed class SystemUnderTest : IAsyncDisposable
{
    /// <summary>How long a process may take to become ready or to stop; a bound on the wait, not an expectation.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly ITestOutputHelper _output;
    private ProcessHost? _silo;
    private ProcessHost? _frontend;

    public SystemUnderTest(ITestOutputHelper output)
    {
        _output = output;
        WorkingDirectory = Directory.CreateTempSubdirectory("orleanscache-e2e-").FullName;
        DatabasePath = Path.Combine(WorkingDirectory, "orleanscache-e2e.db");
        StorageConnectionString = $"Data Source={DatabasePath}";

        var ports = FreeLoopbackPorts(4);
        SiloPort = ports[0];
        GatewayPort = ports[1];
        DashboardUrl = new Uri($"http://127.0.0.1:{ports[2]}");
        FrontendUrl = new Uri($"http://127.0.0.1:{ports[3]}");
        Http = new HttpClient { BaseAddress = FrontendUrl, Timeout = Patience };
    }

    /// <summary>The working directory of both processes (a relative database path resolves against it).</summary>
    public string WorkingDirectory { get; }

    /// <summary>The database file named by the default <see cref="StorageConnectionString"/>.</summary>
    public string DatabasePath { get; }

    /// <summary>Passed to the silo as <c>Storage:ConnectionString</c>; null passes nothing, so the silo's default applies.</summary>
    public string? StorageConnectionString { get; set; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri DashboardUrl { get; }

    public Uri FrontendUrl { get; }

    /// <summary>More <c>--Key=value</c> arguments for every silo started from now on (e.g. an API key, a TTL).</summary>
    public List<string> SiloArguments { get; } = [];

    /// <summary>More <c>--Key=value</c> arguments for the frontend.</summary>
    public List<string> FrontendArguments { get; } = [];

    /// <summary>A client of the frontend.</summary>
    public HttpClient Http { get; }

    /// <summary>The silo process now running (or last run).</summary>
    public ProcessHost Silo => _silo ?? throw new InvalidOperationException("The silo has not been started.");

    /// <summary>The frontend process.</summary>
    public ProcessHost Frontend => _frontend ?? throw new InvalidOperationException("The frontend has not been started.");

    /// <summary>Starts the silo, then the frontend, as start.sh does, each awaited until ready.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await StartSiloAsync(cancellationToken);
        await StartFrontendAsync(cancellationToken);
    }

    /// <summary>Starts a silo process (again, after a stop or kill: same ports, same database) and waits until its gateway accepts connections.</summary>
    public async Task StartSiloAsync(CancellationToken cancellationToken)
    {
        if (_silo is { HasExited: false })
        {
            throw new InvalidOperationException("A silo is already running.");
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        List<string> arguments =
        [
            $"--Orleans:SiloPort={SiloPort}",
            $"--Orleans:GatewayPort={GatewayPort}",
            $"--Dashboard:Urls={DashboardUrl.GetLeftPart(UriPartial.Authority)}",
        ];
        if (StorageConnectionString is not null)
        {
            arguments.Add($"--Storage:ConnectionString={StorageConnectionString}");
        }

        arguments.AddRange(SiloArguments);

        _silo = ProcessHost.Start("silo", ProgramPath("Silo", "OrleansCache.Silo"), arguments, WorkingDirectory, _output);
        await WaitUntilAsync(_silo, $"the gateway accepts connections on port {GatewayPort}", GatewayAcceptsAsync, cancellationToken);
    }

    /// <summary>
    /// Starts the frontend process (again, after a kill: same port) and waits until <c>/health/ready</c> says the
    /// cluster and database answer.
    /// </summary>
    public async Task StartFrontendAsync(CancellationToken cancellationToken)
    {
        var frontend = await LaunchFrontendAsync();
        await WaitUntilAsync(frontend, $"{FrontendUrl}health/ready answers 200", FrontendReadyAsync, cancellationToken);
    }

    /// <summary>
    /// Starts the frontend process and waits only until <c>/health/live</c> answers 200: the way to start it
    /// before any silo runs.
    /// </summary>
    public async Task StartFrontendWithoutClusterAsync(CancellationToken cancellationToken)
    {
        var frontend = await LaunchFrontendAsync();
        await WaitUntilAsync(frontend, $"{FrontendUrl}health/live answers 200", FrontendLiveAsync, cancellationToken);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, for at most <see cref="Patience"/>; fails with both processes' output otherwise.</summary>
    public async Task WaitUntilAsync(string description, Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition(cancellationToken))
        {
            if (Stopwatch.GetElapsedTime(started) > Patience)
            {
                throw new TimeoutException($"Waited {Patience} for {description}.{Environment.NewLine}{OutputTails()}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        _output.WriteLine($"[harness] {description} after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    /// <summary>The last lines of every process started, for a failure message.</summary>
    public string OutputTails() =>
        string.Join(Environment.NewLine, new[] { _frontend, _silo }.OfType<ProcessHost>().Select(host => host.OutputTail()));

    private async Task<ProcessHost> LaunchFrontendAsync()
    {
        if (_frontend is { HasExited: false })
        {
            throw new InvalidOperationException("A frontend is already running.");
        }

        // Again, after a kill: same port, same arguments.
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
        }

        List<string> arguments =
        [
            $"--Urls={FrontendUrl.GetLeftPart(UriPartial.Authority)}",
            $"--Orleans:Gateway=127.0.0.1:{GatewayPort}",
            .. FrontendArguments,
        ];
        _frontend = ProcessHost.Start("frontend", ProgramPath("WebFrontend", "OrleansCache.WebFrontend"), arguments, WorkingDirectory, _output);
        return _frontend;
    }

    /// <summary>Stops the silo gracefully (SIGTERM) and waits for it to exit; returns its exit code.</summary>
    public Task<int> StopSiloAsync(CancellationToken cancellationToken) => Silo.StopAsync(Patience, cancellationToken);

    /// <summary>Kills the silo outright (SIGKILL, as <c>kill -9</c>) and waits for it to be gone.</summary>
    public Task KillSiloAsync() => Silo.KillAsync();

    /// <summary>Kills the frontend outright (SIGKILL, as <c>kill -9</c>) and waits for it to be gone.</summary>
    public Task KillFrontendAsync() => Frontend.KillAsync();

    /// <summary>
    /// Sends GET <paramref name="path"/> until the frontend serves it: 5xx answers (503 while no silo answers)
    /// and failed connections are retried until <see cref="Patience"/> runs out; the first other answer is returned.
    /// </summary>
    public async Task<HttpResponseMessage> GetWhenServedAsync(string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var attempts = 0;
        while (true)
        {
            attempts++;
            string last;
            try
            {
                var response = await Http.GetAsync(path, cancellationToken);
                if ((int)response.StatusCode < 500)
                {
                    _output.WriteLine($"[harness] GET {path}: {(int)response.StatusCode} after {attempts} attempt(s)");
                    return response;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
                response.Dispose();
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }

            if (Stopwatch.GetElapsedTime(started) > Patience)
            {
                throw new TimeoutException(
                    $"GET {path} was not served within {Patience} ({attempts} attempts); last answer: {last}{Environment.NewLine}" +
                    $"{OutputTails()}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();

        // Frontend first, then the silo, as start.sh stops them.
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException ex)
        {
            _output.WriteLine($"[harness] could not delete {WorkingDirectory}: {ex.Message}");
        }
    }

    /// <summary>
    /// The built program <c>src/<paramref name="folder"/>/bin/&lt;Configuration&gt;/&lt;framework&gt;/<paramref name="assembly"/>.dll</c>,
    /// with this test's configuration and framework, read off its own output folder (…/bin/Debug/net10.0/).
    /// </summary>
    public static string ProgramPath(string folder, string assembly)
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var framework = output.Name;
        var configuration = output.Parent?.Name ?? throw new InvalidOperationException($"Unexpected test output folder {output}.");
        var path = Path.Combine(RepositoryRoot(output), "src", folder, "bin", configuration, framework, assembly + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{path} is not built. The test project references it, so `dotnet test` builds it; otherwise run `dotnet build -c {configuration}` first.", path);
    }

    /// <summary>The path of <paramref name="relativePath"/> in the repository this test was built from.</summary>
    public static string RepositoryFile(string relativePath) =>
        Path.Combine(RepositoryRoot(new DirectoryInfo(AppContext.BaseDirectory)), relativePath);

    private static string RepositoryRoot(DirectoryInfo start)
    {
        for (var directory = start; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansCache.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansCache.sln above {start}.");
    }

    /// <summary>Ports free now, found by binding port 0; all held until every one is picked, so they differ.</summary>
    private static int[] FreeLoopbackPorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    private async Task<bool> GatewayAcceptsAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, GatewayPort, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task<bool> FrontendLiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync("/health/live", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<bool> FrontendReadyAsync(CancellationToken cancellationToken)
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

    /// <summary>Polls <paramref name="ready"/> until it holds; fails at once, with its output, if the process exits first.</summary>
    private async Task WaitUntilAsync(ProcessHost host, string condition, Func<CancellationToken, Task<bool>> ready, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException(
                    $"{host.Name} exited with code {host.ExitCode} before {condition}.{Environment.NewLine}{host.OutputTail()}");
            }

            if (await ready(cancellationToken))
            {
                _output.WriteLine($"[harness] {host.Name} ready ({condition}) after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > Patience)
            {
                throw new TimeoutException($"Waited {Patience} for {condition}.{Environment.NewLine}{host.OutputTail()}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
