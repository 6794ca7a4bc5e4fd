using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests;

/// <summary>
/// The frontend process while no silo answers: readiness says so as the contract's problem, the output holds one
/// warning for the lost cluster rather than a stack trace per connection attempt, SIGTERM stops it cleanly, and its
/// request log never holds a raw path, even with the console's scopes switched on.
/// </summary>
public sealed class FrontendWithoutClusterTests(ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_answers_503_as_a_problem_with_Retry_After_while_no_silo_answers()
    {
        await using var system = new SystemUnderTest(output);
        await system.StartFrontendWithoutClusterAsync(Cancellation);

        using var ready = await system.Http.GetAsync("/health/ready", Cancellation);

        var body = await ready.Content.ReadAsStringAsync(Cancellation);
        Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, $"Expected 503, got {(int)ready.StatusCode}: {body}");
        Assert.Equal("application/problem+json", ready.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(ready.Headers.RetryAfter?.Delta);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        Assert.Contains("cluster", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIGTERM_while_waiting_for_the_first_silo_exits_0_after_one_warning_and_no_stack_trace()
    {
        await using var system = new SystemUnderTest(output);

        // Stands where the silo's gateway would be and hangs up on every connection, so the frontend's failed
        // attempts can be counted.
        using var gateway = new TcpListener(IPAddress.Loopback, system.GatewayPort);
        gateway.Start();
        var attempts = 0;
        using var stopAccepting = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var accepting = Task.Run(async () =>
        {
            while (!stopAccepting.IsCancellationRequested)
            {
                using var connection = await gateway.AcceptTcpClientAsync(stopAccepting.Token);
                Interlocked.Increment(ref attempts);
            }
        }, stopAccepting.Token);

        await system.StartFrontendWithoutClusterAsync(Cancellation);
        await system.WaitUntilAsync(
            "the frontend has tried the gateway five times", _ => Task.FromResult(Volatile.Read(ref attempts) >= 5), Cancellation);

        var exitCode = await system.Frontend.StopAsync(SystemUnderTest.Patience, Cancellation);
        await stopAccepting.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);

        var lines = system.Frontend.Lines();
        Assert.True(exitCode == 0, $"Expected exit code 0 after SIGTERM, got {exitCode}.{Environment.NewLine}{system.Frontend.OutputTail()}");
        Assert.DoesNotContain(lines, line => line.Contains("Exception", StringComparison.Ordinal) || line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("The cluster is not reachable", StringComparison.Ordinal));

        // The lost cluster, and the near cache that cannot renew its lease for the same reason: not one per attempt.
        var warnings = lines.Count(line => line.StartsWith("warn:", StringComparison.Ordinal));
        Assert.True(warnings <= 2, $"{warnings} warnings for {attempts} connection attempts:{Environment.NewLine}{system.Frontend.OutputTail()}");
    }

    [Fact]
    public async Task SIGTERM_after_the_silo_died_exits_0_after_one_lost_line_and_no_stack_trace()
    {
        await using var system = new SystemUnderTest(output);
        await system.StartAsync(Cancellation);
        await system.KillSiloAsync();
        await system.WaitUntilAsync("the frontend reports the cluster lost", async cancellationToken =>
        {
            using var ready = await system.Http.GetAsync("/health/ready", cancellationToken);
            return ready.StatusCode == HttpStatusCode.ServiceUnavailable
                && system.Frontend.Lines().Any(line => line.Contains("The cluster is not reachable", StringComparison.Ordinal));
        }, Cancellation);

        var exitCode = await system.Frontend.StopAsync(SystemUnderTest.Patience, Cancellation);

        var lines = system.Frontend.Lines();
        Assert.True(exitCode == 0, $"Expected exit code 0 after SIGTERM, got {exitCode}.{Environment.NewLine}{system.Frontend.OutputTail()}");
        Assert.DoesNotContain(lines, line => line.Contains("Exception", StringComparison.Ordinal) || line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("The cluster is not reachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_console_scopes_on_the_log_names_routes_and_never_holds_the_raw_path()
    {
        await using var system = new SystemUnderTest(output);
        system.FrontendArguments.Add("--Logging:Console:IncludeScopes=true");
        await system.StartFrontendWithoutClusterAsync(Cancellation);
        var secret = "sk_" + Guid.NewGuid().ToString("N");

        using (var refused = await system.Http.GetAsync($"/api/profiles/{secret}?offset={secret}", Cancellation))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        using (var unknown = await system.Http.GetAsync($"/nothing/{secret}", Cancellation))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // Other requests (the readiness polls of the start) are logged too: wait for these two.
        await system.WaitUntilAsync("both requests are logged", _ => Task.FromResult(
            system.Frontend.Lines().Any(line => line.Contains(" answered 503", StringComparison.Ordinal))
            && system.Frontend.Lines().Any(line => line.Contains(" answered 404", StringComparison.Ordinal))), Cancellation);
        var lines = system.Frontend.Lines();
        Assert.Contains(lines, line => line.Contains("GET /api/profiles/{id} answered 503", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("GET (no route) answered 404", StringComparison.Ordinal));

        // The scopes are on: the lines carry them (a connection id at least), but no path.
        Assert.Contains(lines, line => line.Contains("=> ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal) || line.Contains("RequestPath", StringComparison.Ordinal));
    }
}
