using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using OrleansCache.EndToEnd.Tests.Reliability.Load;

namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// The steady mix of reads and writes that runs while processes are killed. Each writer owns its profiles, so the
/// writes to one profile are sequential and their order is known; every write sets every client-owned field to
/// values derived from one number <c>k</c> (see <see cref="ProfileWrite"/>), so a stored row can be traced to
/// exactly one write, and a row mixing two writes cannot pass for either. Every answer is recorded.
/// </summary>
internal sealed class CrashSafetyTraffic(HttpClient client, IReadOnlyList<string[]> writerProfiles, int readers, bool connectionFailuresExpected)
{
    /// <summary>Between two requests of one writer or reader.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentDictionary<string, List<WriteRecord>> _writes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _acknowledgedVersion = new(StringComparer.Ordinal);
    private readonly string[] _ids = [.. writerProfiles.SelectMany(p => p)];
    private long _successes;
    private long _connectionFailures;
    private long _unavailable;

    /// <summary>What one write ended in: its status code (null when it got no answer) and, for a 2xx, the version it was told.</summary>
    public sealed record WriteRecord(ProfileWrite Write, int? Status, long? Version, string? Failure)
    {
        public bool Acknowledged => Status is >= 200 and < 300;
    }

    public Tally Tally { get; } = new();

    /// <summary>Answers that break the contract (anything but a success or a proper 503; a hang; a version going back).</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    public long Successes => Interlocked.Read(ref _successes);

    public long ConnectionFailures => Interlocked.Read(ref _connectionFailures);

    public long Unavailable => Interlocked.Read(ref _unavailable);

    /// <summary>The writes sent to <paramref name="id"/>, in order, its create first.</summary>
    public IReadOnlyList<WriteRecord> WritesTo(string id) => _writes[id];

    /// <summary>Creates every profile (version 1, from <c>k = 0</c>) before the traffic starts.</summary>
    public async Task CreateProfilesAsync(CancellationToken cancellationToken)
    {
        foreach (var id in _ids)
        {
            var write = ProfileWrite.For(id, 0);
            using var content = new StringContent(write.ToJson(withId: true), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/api/profiles", content, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {id}: {(int)response.StatusCode} {body}");
            _writes[id] = [new WriteRecord(write, 201, 1, null)];
            _acknowledgedVersion[id] = 1;
        }
    }

    /// <summary>Runs every writer and reader until <paramref name="stop"/> is cancelled; a request once sent runs to its answer.</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll([
            .. writerProfiles.Select((profiles, writer) => Task.Run(() => WriteLoopAsync(writer, profiles, stop), CancellationToken.None)),
            .. Enumerable.Range(0, readers).Select(reader => Task.Run(() => ReadLoopAsync(reader, stop), CancellationToken.None)),
        ]);

    public string Summary() =>
        $"{Tally.Total} requests, {Successes} successes, {Unavailable} answered 503, {ConnectionFailures} connection failures, " +
        $"{_writes.Values.Sum(w => w.Count - 1)} writes ({_writes.Values.Sum(w => w.Count(r => !r.Acknowledged))} unacknowledged), " +
        $"{Problems.Count} problems{Environment.NewLine}{Tally.Summary()}";

    /// <summary>
    /// Checks the rows read from the database against what the clients were told. For each profile: the
    /// acknowledged versions only grow, and by no more than the unacknowledged writes between them could add; the
    /// row equals the last acknowledged write with its version, or (only when later writes got no 2xx) exactly one
    /// of those later writes, whole, with a version no higher than it could have had. Returns every violation.
    /// </summary>
    public List<string> Verify(IReadOnlyDictionary<string, StoredProfile> rows)
    {
        var failures = new List<string>();
        foreach (var id in _ids)
        {
            var writes = _writes[id];
            var lastAcknowledged = 0;
            for (var i = 1; i < writes.Count; i++)
            {
                if (!writes[i].Acknowledged)
                {
                    continue;
                }

                var previous = writes[lastAcknowledged];
                var unacknowledgedBetween = i - lastAcknowledged - 1;
                var step = writes[i].Version!.Value - previous.Version!.Value;
                if (step < 1 || step > 1 + unacknowledgedBetween)
                {
                    failures.Add(
                        $"{id}: write k={writes[i].Write.K} was acknowledged as version {writes[i].Version} after k={previous.Write.K} " +
                        $"was acknowledged as version {previous.Version}, with {unacknowledgedBetween} unacknowledged write(s) between them.");
                }

                lastAcknowledged = i;
            }

            if (!rows.TryGetValue(id, out var row))
            {
                failures.Add($"{id}: no row in the database; its last acknowledged write was k={writes[lastAcknowledged].Write.K}.");
                continue;
            }

            var acknowledged = writes[lastAcknowledged];
            if (acknowledged.Write.Matches(row) && row.Version == acknowledged.Version)
            {
                continue;
            }

            // Only a write that came later and got no 2xx may have replaced it, and then one of them whole.
            var later = writes.Skip(lastAcknowledged + 1).ToList();
            var match = later.FindIndex(w => w.Write.Matches(row));
            if (match < 0)
            {
                failures.Add(
                    $"{id}: the row {row} is neither the last acknowledged write (k={acknowledged.Write.K}, version {acknowledged.Version}) " +
                    $"nor any one of the {later.Count} unacknowledged write(s) after it, whole.");
            }
            else if (row.Version <= acknowledged.Version || row.Version > acknowledged.Version + match + 1)
            {
                failures.Add(
                    $"{id}: the row holds unacknowledged write k={later[match].Write.K} (the {match + 1}. after the last acknowledged one, " +
                    $"version {acknowledged.Version}) with version {row.Version}.");
            }
        }

        return failures;
    }

    private async Task WriteLoopAsync(int writer, string[] profiles, CancellationToken stop)
    {
        for (var k = 1L; !stop.IsCancellationRequested; k++)
        {
            var id = profiles[k % profiles.Length];
            var write = ProfileWrite.For(id, k);
            var method = k % 2 == 0 ? HttpMethod.Put : HttpMethod.Patch;
            var before = _acknowledgedVersion[id];
            var (status, body, failure) = await SendAsync(
                () => new HttpRequestMessage(method, $"/api/profiles/{id}")
                {
                    Content = new StringContent(write.ToJson(), Encoding.UTF8, method == HttpMethod.Put ? "application/json" : "application/merge-patch+json"),
                },
                $"writer {writer} {method}");
            long? version = null;
            if (status is >= 200 and < 300)
            {
                using var profile = JsonDocument.Parse(body!);
                version = profile.RootElement.GetProperty("version").GetInt64();
                if (!write.Matches(profile.RootElement))
                {
                    Problems.Enqueue($"{method} {id} k={k}: answered {body}, not what was written");
                }

                if (version <= before)
                {
                    Problems.Enqueue($"{method} {id} k={k}: acknowledged version {version}, not above {before}");
                }

                _acknowledgedVersion[id] = version.Value;
            }

            _writes[id].Add(new WriteRecord(write, status, version, failure));
            await PaceAsync(stop);
        }
    }

    private async Task ReadLoopAsync(int reader, CancellationToken stop)
    {
        var random = new Random(reader);
        for (var n = 0L; !stop.IsCancellationRequested; n++)
        {
            if (n % 10 == 9)
            {
                await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/api/profiles?limit=100"), "GET list");
            }
            else
            {
                var id = _ids[random.Next(_ids.Length)];
                var floor = _acknowledgedVersion[id];
                var (status, body, _) = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/api/profiles/{id}"), "GET profile");
                if (status == 200)
                {
                    using var profile = JsonDocument.Parse(body!);
                    var version = profile.RootElement.GetProperty("version").GetInt64();
                    if (version < floor)
                    {
                        Problems.Enqueue($"GET {id}: version {version} after version {floor} was acknowledged");
                    }

                    if (!ProfileWrite.IsSomeWhole(id, profile.RootElement))
                    {
                        Problems.Enqueue($"GET {id}: {body} is not one write whole");
                    }
                }
            }

            await PaceAsync(stop);
        }
    }

    private static async Task PaceAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Pace, stop);
        }
        catch (OperationCanceledException)
        {
            // Stopped: the loop ends.
        }
    }

    private async Task<(int? Status, string? Body, string? Failure)> SendAsync(Func<HttpRequestMessage> request, string operation)
    {
        using var message = request();
        var what = $"{message.Method} {message.RequestUri}";
        try
        {
            // Not cancelled by stop: a request once sent runs to its answer or to the client's timeout.
            using var response = await client.SendAsync(message, CancellationToken.None);
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            Tally.Count(operation, response.StatusCode);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _successes);
            }
            else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref _unavailable);
                if (response.Headers.RetryAfter is null || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    Problems.Enqueue($"{what}: 503 without Retry-After or not problem+json: {response.Content.Headers.ContentType} {body}");
                }
            }
            else
            {
                Problems.Enqueue($"{what}: {status} {body}");
            }

            return (status, body, null);
        }
        catch (TaskCanceledException)
        {
            Tally.Count(operation, Tally.TimedOut);
            Problems.Enqueue($"{what}: no answer within {client.Timeout}");
            return (null, null, Tally.TimedOut);
        }
        catch (HttpRequestException ex)
        {
            Tally.Count(operation, Tally.ConnectionFailed);
            Interlocked.Increment(ref _connectionFailures);
            if (!connectionFailuresExpected)
            {
                Problems.Enqueue($"{what}: {ex.Message}");
            }

            return (null, null, ex.Message);
        }
    }
}
