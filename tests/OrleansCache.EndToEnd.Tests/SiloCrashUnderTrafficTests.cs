using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests;

/// <summary>
/// The silo process is killed (SIGKILL) and started again while a client keeps reading and writing a few
/// profiles through the same frontend: the frontend answers each request with a success or a 503, never
/// another error and never a hang, serves again once the silo is back, and every write it acknowledged is in
/// the database with the version the client was told.
/// </summary>
public sealed class SiloCrashUnderTrafficTests(ITestOutputHelper output)
{
    private const int ProfileCount = 3;

    /// <summary>Between two requests of the traffic loop: at most 20 requests a second.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest a single request may take before it counts as a hang.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(20);

    /// <summary>A bound on the traffic loop, whatever else happens.</summary>
    private static readonly TimeSpan TrafficLimit = TimeSpan.FromSeconds(120);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Under_steady_traffic_a_killed_and_restarted_silo_costs_only_503s_and_loses_no_acknowledged_write()
    {
        await using var system = new SystemUnderTest(output);
        await system.StartAsync(Cancellation);
        var frontendPid = system.Frontend.Id;

        var ids = Enumerable.Range(0, ProfileCount).Select(_ => "e2e_" + Guid.NewGuid().ToString("N")).ToArray();
        foreach (var id in ids)
        {
            using var content = new StringContent($$"""{ "id": "{{id}}", "name": "w0" }""", Encoding.UTF8, "application/json");
            using var created = await system.Http.PostAsync("/api/profiles", content, Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var client = new HttpClient { BaseAddress = system.FrontendUrl, Timeout = ClientTimeout };
        var traffic = new Traffic(client, ids);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var loop = traffic.RunAsync(stop.Token);
        try
        {
            await system.WaitUntilAsync("the traffic has 10 successes", _ => Task.FromResult(traffic.Successes >= 10 || loop.IsCompleted), Cancellation);

            await system.KillSiloAsync();
            var successesAtKill = traffic.Successes;
            await system.WaitUntilAsync("the traffic sees a 503", _ => Task.FromResult(traffic.Unavailable > 0 || loop.IsCompleted), Cancellation);

            await system.StartSiloAsync(Cancellation);
            await system.WaitUntilAsync(
                "the traffic has 10 successes in a row after the restart",
                _ => Task.FromResult(traffic.ConsecutiveSuccesses >= 10 && traffic.Successes > successesAtKill || loop.IsCompleted),
                Cancellation);
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
        }

        output.WriteLine($"[test] traffic: {traffic.Summary()}");
        Assert.True(traffic.Problems.IsEmpty, "Unexpected answers:" + Environment.NewLine + string.Join(Environment.NewLine, traffic.Problems));
        Assert.True(traffic.ConsecutiveSuccesses >= 10, $"The traffic did not recover: {traffic.Summary()}");
        Assert.Equal(frontendPid, system.Frontend.Id);
        Assert.False(system.Frontend.HasExited);

        // Every acknowledged write is in the file. A write answered 503 may or may not have committed (the silo
        // may have died between the commit and the answer), so each later version must come from one of those.
        var stored = await ReadStoredAsync(system.DatabasePath);
        foreach (var id in ids)
        {
            var acknowledged = traffic.LastAcknowledged(id);
            var (version, name) = stored[id];
            Assert.True(version >= acknowledged.Version, $"{id}: the database has version {version}, the client was told {acknowledged.Version}.");
            if (version == acknowledged.Version)
            {
                Assert.Equal(acknowledged.Name, name);
            }
            else
            {
                Assert.True(
                    version - acknowledged.Version <= traffic.UnacknowledgedWritesAfter(id, acknowledged.Version),
                    $"{id}: the database has version {version}, but after version {acknowledged.Version} only unacknowledged writes could have added any.");
            }
        }
    }

    private static async Task<Dictionary<string, (long Version, string Name)>> ReadStoredAsync(string database)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, version, name FROM profiles;";
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var rows = new Dictionary<string, (long, string)>();
        while (await reader.ReadAsync(Cancellation))
        {
            rows[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
        }

        return rows;
    }

    /// <summary>
    /// One client in a loop: a read, then a write (a merge patch of <c>name</c> to a fresh value), round-robin
    /// over the profiles, paced, until stopped or <see cref="TrafficLimit"/> has passed. Records every answer.
    /// </summary>
    private sealed class Traffic(HttpClient client, IReadOnlyList<string> ids)
    {
        private readonly Dictionary<string, (long Version, string Name)> _acknowledged = ids.ToDictionary(id => id, _ => (1L, "w0"));
        private readonly List<(string Id, long AfterVersion)> _unacknowledgedWrites = [];
        private int _successes;
        private int _unavailable;
        private int _consecutiveSuccesses;
        private int _requests;

        public ConcurrentQueue<string> Problems { get; } = new();

        public int Successes => Volatile.Read(ref _successes);

        public int Unavailable => Volatile.Read(ref _unavailable);

        public int ConsecutiveSuccesses => Volatile.Read(ref _consecutiveSuccesses);

        public (long Version, string Name) LastAcknowledged(string id) => _acknowledged[id];

        public int UnacknowledgedWritesAfter(string id, long version) => _unacknowledgedWrites.Count(w => w.Id == id && w.AfterVersion >= version);

        public string Summary() => $"{_requests} requests, {Successes} successes, {Unavailable} 503s, {Problems.Count} problems, last {ConsecutiveSuccesses} in a row succeeded";

        public async Task RunAsync(CancellationToken stop)
        {
            var started = Stopwatch.GetTimestamp();
            for (var step = 0; !stop.IsCancellationRequested && Stopwatch.GetElapsedTime(started) < TrafficLimit; step++)
            {
                var id = ids[step / 2 % ids.Count];
                if (step % 2 == 0)
                {
                    await ReadAsync(id);
                }
                else
                {
                    await WriteAsync(id, $"w{step}");
                }

                try
                {
                    await Task.Delay(Pace, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private async Task ReadAsync(string id)
        {
            var floor = _acknowledged[id].Version;
            await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/api/profiles/{id}"), body =>
            {
                using var profile = JsonDocument.Parse(body);
                var version = profile.RootElement.GetProperty("version").GetInt64();
                if (version < floor)
                {
                    Problems.Enqueue($"GET {id}: version {version} after version {floor} was acknowledged");
                }

            });
        }

        private async Task WriteAsync(string id, string name)
        {
            var before = _acknowledged[id].Version;
            var outcome = await SendAsync(
                () => new HttpRequestMessage(HttpMethod.Patch, $"/api/profiles/{id}")
                {
                    Content = new StringContent($$"""{ "name": "{{name}}" }""", Encoding.UTF8, "application/merge-patch+json"),
                },
                body =>
                {
                    using var profile = JsonDocument.Parse(body);
                    var version = profile.RootElement.GetProperty("version").GetInt64();
                    if (version <= before)
                    {
                        Problems.Enqueue($"PATCH {id}: acknowledged version {version}, not above {before}");
                    }

                    _acknowledged[id] = (version, name);
                });
            if (outcome is not HttpStatusCode.OK)
            {
                // Unanswered or refused: it may still have committed.
                _unacknowledgedWrites.Add((id, before));
            }
        }

        private async Task<HttpStatusCode?> SendAsync(Func<HttpRequestMessage> request, Action<string> onSuccess)
        {
            using var message = request();
            var what = $"{message.Method} {message.RequestUri}";
            Interlocked.Increment(ref _requests);
            try
            {
                // Not cancelled by stop: a request once sent runs to its answer or to the client timeout.
                using var response = await client.SendAsync(message, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    onSuccess(body);
                    Interlocked.Increment(ref _successes);
                    Interlocked.Increment(ref _consecutiveSuccesses);
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _unavailable);
                    Volatile.Write(ref _consecutiveSuccesses, 0);
                    if (response.Headers.RetryAfter is null)
                    {
                        Problems.Enqueue($"{what}: 503 without Retry-After");
                    }
                }
                else
                {
                    Volatile.Write(ref _consecutiveSuccesses, 0);
                    Problems.Enqueue($"{what}: {(int)response.StatusCode} {body}");
                }

                return response.StatusCode;
            }
            catch (TaskCanceledException)
            {
                Volatile.Write(ref _consecutiveSuccesses, 0);
                Problems.Enqueue($"{what}: no answer within {ClientTimeout}");
                return null;
            }
            catch (HttpRequestException ex)
            {
                Volatile.Write(ref _consecutiveSuccesses, 0);
                Problems.Enqueue($"{what}: {ex.Message}");
                return null;
            }
        }
    }
}
