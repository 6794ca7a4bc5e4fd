using System.Diagnostics;
using System.Text;

namespace OrleansCache.EndToEnd.Tests.Support;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>), headless, with a fresh profile each run: loads a page, runs its
/// scripts for a stretch of virtual time (timers fire, and the clock waits for each request), and returns the DOM as
/// it is then. Nothing from the network but the page's own requests: no updates, sync, QUIC or first-run fetches.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>Where Debian's package puts it.</summary>
    public const string Program = "/usr/bin/chromium";

    /// <summary>How long one run may take in real time; a bound on the wait, not an expectation.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Fails the test, saying how to install it, when <see cref="Program"/> is not there.</summary>
    public static void Require()
    {
        if (!File.Exists(Program))
        {
            Assert.Fail($"{Program} is missing: the dashboard's cache page is tested in Debian's headless Chromium. " +
                "Install it with `apt-get install chromium` (.ci/run installs it when it is missing).");
        }
    }

    /// <summary>
    /// The DOM of <paramref name="url"/> after <paramref name="virtualTime"/> of the page's own time (<c>--dump-dom</c>).
    /// A user name and password in <paramref name="url"/> answer the server's HTTP Basic challenge, as a person
    /// would in the browser's prompt.
    /// </summary>
    public static async Task<string> DumpDomAsync(Uri url, TimeSpan virtualTime, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        Require();
        var profile = Directory.CreateTempSubdirectory("orleanscache-chromium-");
        try
        {
            var startInfo = new ProcessStartInfo(Program)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile.FullName}",
                $"--virtual-time-budget={(int)virtualTime.TotalMilliseconds}",
                "--dump-dom", url.AbsoluteUri,
            })
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{Program} did not start.");
            process.StandardInput.Close();
            output.WriteLine($"[harness] chromium pid {process.Id}: --dump-dom {url.GetLeftPart(UriPartial.Scheme)}{url.Authority}{url.PathAndQuery} (virtual time {virtualTime.TotalSeconds:0} s)");
            var dom = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Patience);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                throw new TimeoutException($"{Program} did not finish within {Patience}.");
            }

            var text = await dom;
            if (process.ExitCode != 0 || text.Length == 0)
            {
                throw new InvalidOperationException($"{Program} exited with code {process.ExitCode} and {text.Length} characters of DOM:{Environment.NewLine}{await errors}");
            }

            return text;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException ex)
            {
                output.WriteLine($"[harness] could not delete {profile.FullName}: {ex.Message}");
            }
        }
    }
}
