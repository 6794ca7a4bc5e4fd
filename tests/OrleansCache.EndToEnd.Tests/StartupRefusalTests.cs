using System.Diagnostics;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests;

/// <summary>
/// A bad setting stops the built process at start with exit code 2 and one line that names the key, before it
/// listens on anything or touches the database.
/// </summary>
public sealed class StartupRefusalTests
{
    public static TheoryData<string, string, string[], string> Refusals => new()
    {
        { "Silo", "Cache:Profiles:Ttl", ["--Cache:Profiles:Ttl=00:00:00"], "Cache:Profiles:Ttl must be greater than 0" },
        { "Silo", "Cache:Profiles:Ttl", ["--Cache:Profiles:Ttl=soon"], "'Cache:Profiles:Ttl'" },
        { "Silo", "Cache:Models:Ttl", ["--Cache:Models:Ttl=-00:01:00"], "Cache:Models:Ttl must be greater than 0" },
        { "Silo", "Cache:Models:MaxEntries", ["--Cache:Models:MaxEntries=0"], "Cache:Models:MaxEntries must be at least 1" },
        { "Silo", "Storage:ConnectionString", ["--Storage:ConnectionString=Data Source=/proc/no-such-dir/x.db"], "Storage:ConnectionString: cannot open or migrate the sqlite database" },
        { "Silo", "Orleans:SiloPort", ["--Orleans:SiloPort=70000"], "Orleans:SiloPort must be a port number" },
        { "Silo", "Dashboard:Urls", ["--Dashboard:Urls=http://0.0.0.0:18081"], "Dashboard:Urls: 'http://0.0.0.0:18081' is not a loopback address" },
        { "WebFrontend", "Security:ApiKey", ["--urls=http://0.0.0.0:15080"], "Security:ApiKey is not set, but Urls includes the non-loopback address" },
        { "WebFrontend", "Orleans:Gateway", ["--Orleans:Gateway=not-an-endpoint"], "Orleans:Gateway must be address:port pairs" },
        { "WebFrontend", "Orleans:ResponseTimeout", ["--Orleans:ResponseTimeout=0"], "Orleans:ResponseTimeout must be a positive time span" },
        { "Silo", "Cache:Profiles:AbsentTtl", ["--Cache:Profiles:AbsentTtl=00:05:00"], "Cache:Profiles:AbsentTtl must be greater than 0 and at most Cache:Profiles:Ttl" },
        { "Silo", "Storage:Provider", ["--Storage:Provider=mysql"], "Storage:Provider must be 'sqlite' or 'postgres'" },
        {
            "Silo", "Storage:ConnectionString", ["--Storage:Provider=postgres", "--Storage:ConnectionString=Host=127.0.0.1;Port=1;Username=nobody;Timeout=2"],
            "Storage:ConnectionString: cannot open or migrate the postgres database"
        },
        { "Silo", "Orleans:Tls:CertificatePath", ["--Orleans:Tls:CertificatePath=/nonexistent/silo.pem"], "Orleans:Tls:CertificatePath: '/nonexistent/silo.pem' does not exist" },
        { "Silo", "Orleans:Tls:CertificatePath", ["--Orleans:Endpoints:AdvertisedIPAddress=10.1.2.3"], "'10.1.2.3' is not a loopback address, and Orleans:Tls:CertificatePath is not set" },
        { "WebFrontend", "Orleans:Tls:CertificatePath", ["--Orleans:Gateway=10.1.2.3:30000"], "'10.1.2.3' is not a loopback address, and Orleans:Tls:CertificatePath is not set" },
        { "WebFrontend", "Orleans:Tls:TrustedCaPath", ["--Orleans:Tls:CertificatePath=/etc/hostname", "--Orleans:Tls:TrustedCaPath=/nonexistent/ca.pem"], "Orleans:Tls:TrustedCaPath: '/nonexistent/ca.pem' does not exist" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_setting_stops_the_process_with_one_line_naming_the_key(string project, string key, string[] arguments, string message)
    {
        var (exitCode, output) = await RunAsync(SystemUnderTest.ProgramPath(project, $"OrleansCache.{project}"), arguments);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output);
        Assert.StartsWith($"OrleansCache.{project} will not start: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.Contains(key, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_frontend_may_listen_beyond_loopback_with_a_key_or_when_anonymous_access_is_switched_on()
    {
        // Not refused: these get as far as waiting for a silo, so the process is still running when we stop it.
        foreach (var arguments in new[]
        {
            new[] { "--urls=http://0.0.0.0:0", "--Security:ApiKey=a-key" },
            ["--urls=http://0.0.0.0:0", "--Security:AllowAnonymous=true"],
        })
        {
            using var process = Start(SystemUnderTest.ProgramPath("WebFrontend", "OrleansCache.WebFrontend"), [.. arguments, "--Orleans:Gateway=127.0.0.1:1"]);
            var exited = process.WaitForExitAsync(TestContext.Current.CancellationToken);
            var listening = WaitForLineAsync(process, "Now listening on", TestContext.Current.CancellationToken);
            Assert.Same(listening, await Task.WhenAny(exited, listening));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    private static async Task<(int ExitCode, string[] Lines)> RunAsync(string program, string[] arguments)
    {
        using var process = Start(program, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(SystemUnderTest.Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not stop by itself.");
        }

        var lines = ((await stdout) + (await stderr)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, lines);
    }

    private static Process Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
    }

    private static async Task WaitForLineAsync(Process process, string text, CancellationToken cancellationToken)
    {
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The process ended without printing '{text}'.");
    }
}
