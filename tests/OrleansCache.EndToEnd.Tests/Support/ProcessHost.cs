using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansCache.EndToEnd.Tests.Support;

/// <summary>
/// One built program run as <c>dotnet &lt;dll&gt; --Key=value …</c>, the way start.sh runs it. Every line it
/// prints goes to the test output with a <c>[name]</c> prefix and is kept for failure messages. Disposing kills
/// its whole process tree.
/// </summary>
internal sealed class ProcessHost : IAsyncDisposable
{
    private const int SigTerm = 15;
    private const int SigStop = 19;
    private const int SigCont = 18;

    private readonly Process _process;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _lines = [];

    private ProcessHost(string name, Process process, ITestOutputHelper output)
    {
        Name = name;
        _process = process;
        _output = output;
    }

    /// <summary>The prefix of its output lines: <c>silo</c>, <c>frontend</c>.</summary>
    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <c>dotnet <paramref name="assemblyPath"/> <paramref name="arguments"/></c> in <paramref name="workingDirectory"/>;
    /// inside the network namespace <paramref name="networkNamespace"/> when one is given (<c>ip netns exec</c>, which
    /// becomes the program, so the process is the program itself).
    /// </summary>
    public static ProcessHost Start(
        string name, string assemblyPath, IReadOnlyList<string> arguments, string workingDirectory, ITestOutputHelper output, string? networkNamespace = null)
    {
        var startInfo = new ProcessStartInfo(networkNamespace is null ? DotnetHost() : "ip")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (networkNamespace is not null)
        {
            foreach (var argument in new[] { "netns", "exec", networkNamespace, DotnetHost() })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        startInfo.ArgumentList.Add(assemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Hermetic: only the command line configures the program, and it runs as Production (as start.sh runs it),
        // whatever the environment of the test run says.
        foreach (var key in startInfo.Environment.Keys.Where(IsConfigurationVariable).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var host = new ProcessHost(name, process, output);
        process.OutputDataReceived += (_, e) => host.Record(e.Data);
        process.ErrorDataReceived += (_, e) => host.Record(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        host.Note($"started pid {process.Id}: dotnet {Path.GetFileName(assemblyPath)} {string.Join(' ', arguments)}");
        return host;
    }

    /// <summary>Every line it has printed so far, standard output and standard error.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    /// <summary>The last <paramref name="count"/> lines it printed, for a failure message.</summary>
    public string OutputTail(int count = 60)
    {
        lock (_lines)
        {
            return $"--- last output of {Name} ---{Environment.NewLine}" + string.Join(Environment.NewLine, _lines.TakeLast(count));
        }
    }

    /// <summary>Asks it to stop (SIGTERM, as start.sh does on Ctrl-C) and waits for it to exit; returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("A graceful stop sends SIGTERM, which Windows does not have.");
        }

        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync();
            throw new TimeoutException($"{Name} did not exit within {timeout} of SIGTERM.{Environment.NewLine}{OutputTail()}");
        }

        Note($"exited with code {_process.ExitCode}");
        return _process.ExitCode;
    }

    /// <summary>Pauses it (SIGSTOP): it holds its connections and answers nothing until <see cref="Resume"/>.</summary>
    public void Pause() => Signal(SigStop, "SIGSTOP");

    /// <summary>Lets a paused process run on (SIGCONT).</summary>
    public void Resume() => Signal(SigCont, "SIGCONT");

    /// <summary>Kills its whole process tree at once (SIGKILL: no shutdown code runs) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        Note($"killed (exit code {_process.ExitCode})");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await KillAsync();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string DotnetHost()
    {
        // The dotnet CLI names its own host for the processes it starts; otherwise the one on PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    private static bool IsConfigurationVariable(string name) =>
        name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || name.Equals("URLS", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
        || name.Contains("__", StringComparison.Ordinal);

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        Write($"[{Name}] {line}");
    }

    private void Note(string message) => Write($"[harness] {Name} {message}");

    private void Write(string line)
    {
        try
        {
            _output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; the line is still kept for OutputTail.
        }
    }

    private void Signal(int signal, string name)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        Note(name == "SIGSTOP" ? "paused (SIGSTOP)" : "resumed (SIGCONT)");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
