using System.Diagnostics;
using System.Net;
using OrleansCache.EndToEnd.Tests.Reliability.Load;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// Crash safety: under a steady mix of reads and writes (<see cref="CrashSafetyTraffic"/>), the silo, or the
/// frontend, is killed with SIGKILL again and again and started again. Every write that got a 2xx is in the
/// database afterwards with the version the client was told; a write that got no 2xx is in it whole or not at
/// all; while no silo runs the frontend answers 503 (Retry-After, problem+json) and it recovers by itself.
/// Short: 3 kills of each; <c>ORLEANSCACHE_RELIABILITY=full</c>: 10.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Writers = 4;
    private const int ProfilesPerWriter = 2;
    private const int Readers = 2;

    /// <summary>Successful requests the traffic must make between two kills, so each kill hits a system that was serving.</summary>
    private const int ProgressBetweenKills = 30;

    /// <summary>The longest a single request may take before it counts as a hang.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    private static int Kills => Suite.Pick(3, 10);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_the_silo_under_traffic_loses_no_acknowledged_write_and_half_applies_none()
    {
        await using var system = new SystemUnderTest(output);
        await system.StartAsync(Cancellation);
        var frontendPid = system.Frontend.Id;
        var ids = NewProfileIds();

        using var client = new HttpClient { BaseAddress = system.FrontendUrl, Timeout = ClientTimeout };
        var traffic = new CrashSafetyTraffic(client, ids, Readers, connectionFailuresExpected: false);
        await traffic.CreateProfilesAsync(Cancellation);
        var started = Stopwatch.GetTimestamp();
        await RunUnderTrafficAsync(system, traffic, async kill =>
        {
            await system.KillSiloAsync();

            // While no silo runs, the same frontend process answers 503 as the contract says, and is not ready.
            using (var down = await WaitForAnswerAsync(system, $"/api/profiles/{ids[kill % Writers][0]}", HttpStatusCode.ServiceUnavailable))
            {
                Assert.NotNull(down.Headers.RetryAfter);
                Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
            }

            using (var ready = await system.Http.GetAsync("/health/ready", Cancellation))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            await system.StartSiloAsync(Cancellation);
        });

        // Recovered by itself: the frontend was never restarted.
        Assert.Equal(frontendPid, system.Frontend.Id);
        Assert.False(system.Frontend.HasExited);
        Assert.True(traffic.Unavailable > 0, "The traffic never saw a 503, so no request met a dead silo: " + traffic.Summary());
        await AssertDatabaseHoldsWhatWasAcknowledgedAsync(system, traffic, ids, "silo", started);
    }

    [Fact]
    public async Task Killing_the_frontend_under_traffic_loses_no_acknowledged_write_and_half_applies_none()
    {
        await using var system = new SystemUnderTest(output);
        await system.StartAsync(Cancellation);
        var siloPid = system.Silo.Id;
        var ids = NewProfileIds();

        using var client = new HttpClient { BaseAddress = system.FrontendUrl, Timeout = ClientTimeout };
        var traffic = new CrashSafetyTraffic(client, ids, Readers, connectionFailuresExpected: true);
        await traffic.CreateProfilesAsync(Cancellation);
        var started = Stopwatch.GetTimestamp();
        await RunUnderTrafficAsync(system, traffic, async _ =>
        {
            var failuresBefore = traffic.ConnectionFailures;
            await system.KillFrontendAsync();
            await system.WaitUntilAsync(
                "the traffic finds the frontend gone",
                _ => Task.FromResult(traffic.ConnectionFailures > failuresBefore),
                Cancellation);
            await system.StartFrontendAsync(Cancellation);
        });

        Assert.Equal(siloPid, system.Silo.Id);
        Assert.False(system.Silo.HasExited);
        await AssertDatabaseHoldsWhatWasAcknowledgedAsync(system, traffic, ids, "frontend", started);
    }

    private static string[][] NewProfileIds() =>
        [.. Enumerable.Range(0, Writers).Select(w => Enumerable.Range(0, ProfilesPerWriter).Select(p => $"crash_{w}_{p}_{Guid.NewGuid():N}").ToArray())];

    /// <summary>Runs the traffic; <see cref="Kills"/> times waits for progress, then runs <paramref name="killAndRestart"/>; then waits for progress once more and stops the traffic.</summary>
    private async Task RunUnderTrafficAsync(SystemUnderTest system, CrashSafetyTraffic traffic, Func<int, Task> killAndRestart)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var loop = traffic.RunAsync(stop.Token);
        try
        {
            for (var kill = 0; kill < Kills; kill++)
            {
                await WaitForProgressAsync(system, traffic, loop, kill == 0 ? "before the first kill" : $"after restart {kill}");
                await killAndRestart(kill);
                output.WriteLine($"[test] kill {kill + 1} of {Kills} survived; traffic so far: {traffic.Tally.Total} requests");
            }

            await WaitForProgressAsync(system, traffic, loop, $"after restart {Kills}");
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
        }

        output.WriteLine($"[test] traffic: {traffic.Summary()}");
        Assert.True(traffic.Problems.IsEmpty, "Answers that break the contract:" + Environment.NewLine + string.Join(Environment.NewLine, traffic.Problems.Take(50)));
    }

    private static async Task WaitForProgressAsync(SystemUnderTest system, CrashSafetyTraffic traffic, Task loop, string when)
    {
        var from = traffic.Successes;
        await system.WaitUntilAsync(
            $"{ProgressBetweenKills} more successful requests {when}",
            _ => Task.FromResult(traffic.Successes >= from + ProgressBetweenKills || loop.IsCompleted),
            Cancellation);
        Assert.False(loop.IsFaulted, loop.Exception?.ToString());
    }

    /// <summary>Sends GET <paramref name="path"/> until it is answered <paramref name="status"/>; returns that answer.</summary>
    private static async Task<HttpResponseMessage> WaitForAnswerAsync(SystemUnderTest system, string path, HttpStatusCode status)
    {
        HttpResponseMessage? answer = null;
        await system.WaitUntilAsync($"GET {path} answers {(int)status}", async cancellationToken =>
        {
            var response = await system.Http.GetAsync(path, cancellationToken);
            if (response.StatusCode == status)
            {
                answer = response;
                return true;
            }

            response.Dispose();
            return false;
        }, Cancellation);
        return answer!;
    }

    /// <summary>Reads the table from the file after the last restart and checks it against the ledger; the API must serve the same rows.</summary>
    private async Task AssertDatabaseHoldsWhatWasAcknowledgedAsync(
        SystemUnderTest system, CrashSafetyTraffic traffic, string[][] ids, string killed, long started)
    {
        var rows = await StoredProfiles.ReadAsync(system.DatabasePath, Cancellation);
        var failures = traffic.Verify(rows);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        foreach (var id in ids.SelectMany(p => p))
        {
            using var response = await system.Http.GetAsync($"/api/profiles/{id}", Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"\"{rows[id].Version}\"", response.Headers.ETag?.Tag);
        }

        var writes = ids.SelectMany(p => p).Sum(id => traffic.WritesTo(id).Count - 1);
        var unacknowledged = ids.SelectMany(p => p).Sum(id => traffic.WritesTo(id).Count(w => !w.Acknowledged));
        var landedUnacknowledged = ids.SelectMany(p => p).Count(id => traffic.WritesTo(id).Last(w => w.Acknowledged).Version != rows[id].Version);
        output.WriteLine(
            $"[figures] crash safety ({killed}): {Kills} kills survived, {traffic.Tally.Total} requests, {writes} writes " +
            $"({unacknowledged} unacknowledged, {landedUnacknowledged} profiles end on an unacknowledged write), " +
            $"{traffic.Unavailable} answered 503, {traffic.ConnectionFailures} connection failures, " +
            $"{Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
    }
}
