using System.Diagnostics;
using System.Net.Sockets;

namespace OrleansCache.Measure;

/// <summary>
/// The built Silo and WebFrontend (Release), each its own process, started as start.sh starts them:
/// <c>dotnet &lt;dll&gt; --Key=value …</c>, the silo first (ready when its gateway accepts connections), then the
/// frontend (ready when <c>/health/ready</c> answers 200). Both run in a working directory of their own, with the
/// database file in it. Disposing stops the frontend, then the silo (SIGTERM, SIGKILL after 30 s).
/// </summary>
internal sealed class RunningSystem : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly List<(Process Process, StreamWriter Log)> _processes = [];
    private readonly string _logDirectory;
    private string _repositoryRoot = "";
    private string _workingDirectory = "";

    private RunningSystem(Ports ports, string logDirectory)
    {
        Ports = ports;
        _logDirectory = logDirectory;
        Api = new Api(new Uri($"http://127.0.0.1:{ports.Frontend}"));
    }

    public Ports Ports { get; }

    public Api Api { get; }

    public Process Silo { get; private set; } = null!;

    public Process Frontend { get; private set; } = null!;

    /// <summary>
    /// Starts both processes on <paramref name="databasePath"/>; <paramref name="siloSettings"/> and
    /// <paramref name="frontendSettings"/> are extra <c>--Key=value</c>s.
    /// </summary>
    public static async Task<RunningSystem> StartAsync(
        string repositoryRoot, Ports ports, string databasePath, string logDirectory, string[] siloSettings, string[]? frontendSettings = null)
    {
        foreach (var port in new[] { ports.Silo, ports.Gateway, ports.Dashboard, ports.Frontend })
        {
            if (await AcceptsAsync(port))
            {
                throw new InvalidOperationException($"port {port} is in use; pass --silo-port/--gateway-port/--dashboard-port/--frontend-port");
            }
        }

        var system = new RunningSystem(ports, logDirectory);
        try
        {
            var workingDirectory = Path.GetDirectoryName(databasePath)!;
            string[] silo =
            [
                $"--Storage:ConnectionString=Data Source={databasePath}",
                $"--Orleans:SiloPort={ports.Silo}",
                $"--Orleans:GatewayPort={ports.Gateway}",
                $"--Dashboard:Urls=http://127.0.0.1:{ports.Dashboard}",
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:OrleansCache=Warning",
                .. siloSettings,
            ];
            system.Silo = system.Start("silo", Path.Combine(repositoryRoot, "src/Silo/bin/Release/net10.0/OrleansCache.Silo.dll"), workingDirectory, silo);
            await WaitUntilAsync(system.Silo, "silo gateway", () => AcceptsAsync(ports.Gateway));

            system._repositoryRoot = repositoryRoot;
            system._workingDirectory = workingDirectory;
            system.Frontend = system.StartFrontend("frontend", ports.Frontend, frontendSettings ?? []);
            await WaitUntilAsync(system.Frontend, "frontend /health/ready", system.Api.IsReadyAsync);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more frontend, on <paramref name="port"/>, and waits until it is ready; the caller disposes its API.</summary>
    public async Task<(Process Process, Api Api)> StartFrontendAsync(string name, int port, params string[] settings)
    {
        var process = StartFrontend(name, port, settings);
        var api = new Api(new Uri($"http://127.0.0.1:{port}"));
        await WaitUntilAsync(process, $"{name} /health/ready", api.IsReadyAsync);
        return (process, api);
    }

    /// <summary>Stops (SIGSTOP) or resumes (SIGCONT) a process: a pause it cannot notice.</summary>
    public static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Frontend first, then the silo, as start.sh stops them.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            var (process, log) = _processes[i];
            await StopAsync(process);
            process.Dispose();
            lock (log)
            {
                log.Dispose();
            }
        }

        _processes.Clear();
        Api.Dispose();
    }

    private Process StartFrontend(string name, int port, string[] settings) =>
        Start(
            name,
            Path.Combine(_repositoryRoot, "src/WebFrontend/bin/Release/net10.0/OrleansCache.WebFrontend.dll"),
            _workingDirectory,
            [$"--Orleans:Gateway=127.0.0.1:{Ports.Gateway}", $"--Urls=http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:OrleansCache=Warning", .. settings]);

    private Process Start(string name, string dll, string workingDirectory, string[] arguments)
    {
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build src/Silo and src/WebFrontend in Release first (bench/measure.sh does)");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(Path.Combine(_logDirectory, $"{name}.log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((process, log));
        return process;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task WaitUntilAsync(Process process, string what, Func<Task<bool>> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the process exited with code {process.ExitCode} before {what} was ready; see its log");
            }

            if (stopwatch.Elapsed > Patience)
            {
                throw new TimeoutException($"{what} was not ready within {Patience}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
