using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace OrleansCache.WebFrontend.Tests.OpenApi;

/// <summary>
/// The third-party OpenAPI tools pinned in <c>tools/openapi</c> (two linters, a TypeScript client generator and
/// compiler, a validating proxy), installed there with <c>npm ci</c> on first use; they need Node.js (20 or later)
/// and npm on the PATH.
/// </summary>
internal static class OpenApiTools
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The folder of the tools' package.json.</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>Installs the pinned tools once per test process.</summary>
    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await Installing.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(Path.Combine(Folder, "node_modules", ".package-lock.json")))
            {
                return;
            }

            var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
            var install = await RunAsync(npm, ["ci", "--no-audit", "--no-fund", "--prefix", Folder], Folder, TimeSpan.FromMinutes(5), cancellationToken);
            Assert.True(install.ExitCode == 0, $"npm ci in {Folder} failed with exit code {install.ExitCode}:\n{install.Output}");
        }
        finally
        {
            Installing.Release();
        }
    }

    /// <summary>The document the frontend serves.</summary>
    public static async Task<string> GetDocumentAsync(HttpClient frontend, CancellationToken cancellationToken)
    {
        using var response = await frontend.GetAsync("/openapi/v1.json", cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /openapi/v1.json answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>The served document, saved to a file of a new folder under the tools (whose node_modules its scripts resolve).</summary>
    public static async Task<string> SaveDocumentAsync(HttpClient frontend, CancellationToken cancellationToken)
    {
        var body = await GetDocumentAsync(frontend, cancellationToken);
        var folder = Path.Combine(Folder, "work", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "v1.json");
        await File.WriteAllTextAsync(file, body, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"The document: {file}");
        return file;
    }

    /// <summary>Runs the JavaScript file <paramref name="script"/> of an installed package with Node.js, in <paramref name="workingDirectory"/>.</summary>
    public static Task<ToolRun> NodeAsync(
        string script, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        RunAsync("node", [Path.Combine(Folder, "node_modules", script), .. arguments], workingDirectory, TimeSpan.FromMinutes(2), cancellationToken);

    /// <summary>Starts a long-running tool (a proxy); the caller kills it.</summary>
    public static Process StartNode(string script, IEnumerable<string> arguments, StringBuilder output)
    {
        var start = StartInfo("node", [Path.Combine(Folder, "node_modules", script), .. arguments], Folder);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a program to its end (or kills it at <paramref name="timeout"/>).</summary>
    private static async Task<ToolRun> RunAsync(
        string program, string[] arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var standardOutput = new StringBuilder();
        using var process = new Process { StartInfo = StartInfo(program, arguments, workingDirectory) };
        process.OutputDataReceived += (_, line) =>
        {
            Append(output, line.Data);
            Append(standardOutput, line.Data);
        };
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            Assert.Fail($"Cannot start '{program}' ({exception.Message}). These tests need Node.js (20 or later) and npm on the PATH.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {timeout}:\n{Snapshot(output)}");
        }

        // WaitForExitAsync returns once the redirected streams have closed too.
        var result = new ToolRun(process.ExitCode, Snapshot(output), Snapshot(standardOutput));
        TestContext.Current.TestOutputHelper?.WriteLine($"{string.Join(' ', arguments.Take(2))}: exit code {result.ExitCode}\n{result.Output}");
        return result;
    }

    private static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Plain text, and no network calls of the tools' own (CI reaches only the npm registry).
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["SCARF_ANALYTICS"] = "false";
        start.Environment["DO_NOT_TRACK"] = "1";
        return start;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var folder = Path.Combine(directory.FullName, "tools", "openapi");
            if (File.Exists(Path.Combine(folder, "package.json")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException($"No tools/openapi/package.json above {AppContext.BaseDirectory}.");
    }
}
