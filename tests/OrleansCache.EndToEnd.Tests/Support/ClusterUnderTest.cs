using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OrleansCache.Testing;

namespace OrleansCache.EndToEnd.Tests.Support;

/// <summary>
/// A real cluster, as <c>cluster.sh</c> runs one: silos and frontends as separate processes on AdoNet membership,
/// all on one fresh database of the run's private PostgreSQL server (storage and membership), on free loopback
/// ports. A silo may be killed, stopped, and started again on its old ports or on new ones. Disposing kills every
/// process and leaves the database to the server, which the test process removes when it exits.
/// </summary>
internal sealed class ClusterUnderTest : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly ProcessHost?[] _silos;
    private readonly SiloPorts[] _siloPorts;
    private readonly ProcessHost?[] _frontends;
    private readonly Uri[] _frontendUrls;
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("orleanscache-cluster-").FullName;
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];

    private ClusterUnderTest(ITestOutputHelper output, string connectionString, int silos, int frontends)
    {
        _output = output;
        ConnectionString = connectionString;
        _silos = new ProcessHost?[silos];
        _siloPorts = [.. Enumerable.Range(0, silos).Select(_ => SiloPorts.Free())];
        _frontends = new ProcessHost?[frontends];
        _frontendUrls = [.. Enumerable.Range(0, frontends).Select(_ => new Uri($"http://127.0.0.1:{FreePort()}"))];
    }

    /// <summary>The Npgsql connection string of the cluster's database.</summary>
    public string ConnectionString { get; }

    /// <summary>More <c>--Key=value</c> arguments for every process started from now on.</summary>
    public List<string> Arguments { get; } = [];

    public IReadOnlyList<Uri> FrontendUrls => _frontendUrls;

    public int SiloCount => _silos.Length;

    /// <summary>A new cluster's database; nothing runs yet.</summary>
    public static async Task<ClusterUnderTest> CreateAsync(ITestOutputHelper output, int silos, int frontends)
    {
        var server = await PostgresServer.SharedAsync();
        return new ClusterUnderTest(output, await server.CreateDatabaseAsync("cluster"), silos, frontends);
    }

    /// <summary>Starts every silo (the first one alone first, then the others together), then every frontend, each awaited until ready.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await StartSiloAsync(0, cancellationToken);
        await Task.WhenAll(Enumerable.Range(1, SiloCount - 1).Select(i => StartSiloAsync(i, cancellationToken)));
        await Task.WhenAll(Enumerable.Range(0, _frontends.Length).Select(j => StartFrontendAsync(j, cancellationToken)));
    }

    /// <summary>Starts silo <paramref name="index"/> (again), on new ports when <paramref name="newPorts"/>, and waits until its gateway accepts connections.</summary>
    public async Task StartSiloAsync(int index, CancellationToken cancellationToken, bool newPorts = false)
    {
        if (_silos[index] is { } old)
        {
            await old.DisposeAsync();
        }

        if (newPorts)
        {
            _siloPorts[index] = SiloPorts.Free();
        }

        var ports = _siloPorts[index];
        List<string> arguments =
        [
            .. ClusterArguments(),
            "--Storage:Provider=postgres",
            $"--Storage:ConnectionString={ConnectionString}",
            $"--Orleans:SiloPort={ports.Silo}",
            $"--Orleans:GatewayPort={ports.Gateway}",
            $"--Dashboard:Urls=http://127.0.0.1:{ports.Dashboard}",
            .. Arguments,
        ];
        var silo = ProcessHost.Start($"silo{index + 1}", SystemUnderTest.ProgramPath("Silo", "OrleansCache.Silo"), arguments, _workingDirectory, _output);
        _silos[index] = silo;
        await WaitAsync(silo, $"silo{index + 1}'s gateway accepts connections", ct => AcceptsAsync(new IPEndPoint(IPAddress.Loopback, ports.Gateway), ct), cancellationToken);
    }

    /// <summary>Starts frontend <paramref name="index"/> and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task StartFrontendAsync(int index, CancellationToken cancellationToken)
    {
        List<string> arguments = [$"--Urls={_frontendUrls[index].GetLeftPart(UriPartial.Authority)}", .. ClusterArguments(), .. Arguments];
        var frontend = ProcessHost.Start($"frontend{index + 1}", SystemUnderTest.ProgramPath("WebFrontend", "OrleansCache.WebFrontend"), arguments, _workingDirectory, _output);
        _frontends[index] = frontend;
        using var http = new HttpClient { BaseAddress = _frontendUrls[index], Timeout = TimeSpan.FromSeconds(10) };
        await WaitAsync(frontend, $"frontend{index + 1} is ready", ct => ReadyAsync(http, ct), cancellationToken);
    }

    /// <summary>Pauses frontend <paramref name="index"/> (SIGSTOP).</summary>
    public void PauseFrontend(int index) => Frontend(index).Pause();

    /// <summary>Lets paused frontend <paramref name="index"/> run on (SIGCONT).</summary>
    public void ResumeFrontend(int index) => Frontend(index).Resume();

    /// <summary>Kills silo <paramref name="index"/> outright (SIGKILL).</summary>
    public Task KillSiloAsync(int index) => Silo(index).KillAsync();

    /// <summary>Stops silo <paramref name="index"/> gracefully (SIGTERM); returns its exit code.</summary>
    public Task<int> StopSiloAsync(int index, CancellationToken cancellationToken) => Silo(index).StopAsync(SystemUnderTest.Patience, cancellationToken);

    /// <summary>The last lines of every process, for a failure message.</summary>
    public string OutputTails() =>
        string.Join(Environment.NewLine, _frontends.Concat(_silos).OfType<ProcessHost>().Select(p => p.OutputTail(30)));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _frontends.Concat(_silos).OfType<ProcessHost>())
        {
            await process.DisposeAsync();
        }

        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private ProcessHost Silo(int index) => _silos[index] ?? throw new InvalidOperationException($"silo{index + 1} has not been started.");

    private ProcessHost Frontend(int index) => _frontends[index] ?? throw new InvalidOperationException($"frontend{index + 1} has not been started.");

    private IEnumerable<string> ClusterArguments() =>
    [
        "--Orleans:Clustering:ProviderType=AdoNet",
        "--Orleans:Clustering:Invariant=Npgsql",
        $"--Orleans:Clustering:ConnectionString={ConnectionString}",
        "--Orleans:ServiceId=orleanscache-tests",
        $"--Orleans:ClusterId={_clusterId}",
    ];

    private async Task WaitAsync(ProcessHost process, string condition, Func<CancellationToken, Task<bool>> ready, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await ready(cancellationToken))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited with code {process.ExitCode} before {condition}.{Environment.NewLine}{process.OutputTail()}");
            }

            if (Stopwatch.GetElapsedTime(started) > SystemUnderTest.Patience)
            {
                throw new TimeoutException($"Waited {SystemUnderTest.Patience} until {condition}.{Environment.NewLine}{OutputTails()}");
            }

            await Task.Delay(100, cancellationToken);
        }

        _output.WriteLine($"[harness] {condition} after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    /// <summary>True when <paramref name="endpoint"/> accepts a TCP connection within a second.</summary>
    public static async Task<bool> AcceptsAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(endpoint, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>True when the frontend behind <paramref name="http"/> says it is ready (<c>/health/ready</c> answers 200).</summary>
    public static async Task<bool> ReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("/health/ready", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>A loopback port free now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private readonly record struct SiloPorts(int Silo, int Gateway, int Dashboard)
    {
        public static SiloPorts Free() => new(FreePort(), FreePort(), FreePort());
    }
}
