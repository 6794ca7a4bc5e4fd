using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace OrleansCache.EndToEnd.Tests.Cluster;

/// <summary>
/// A steady mix of PATCH and GET on a few profiles from several clients, each request through a frontend picked
/// at random, every request recorded in a <see cref="History"/>, until stopped.
/// </summary>
internal sealed class ClusterTraffic : IAsyncDisposable
{
    private readonly HttpClient[] _frontends;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];

    public ClusterTraffic(IReadOnlyList<Uri> frontends, IReadOnlyList<string> keys)
    {
        Keys = keys;

        // Long enough for any answer the cluster gives (a grain call times out after 30 s); a request with no answer
        // at all is recorded as status 0, a contract violation.
        _frontends = [.. frontends.Select(url => new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(45) })];
    }

    public IReadOnlyList<string> Keys { get; }

    public History History { get; } = new();

    /// <summary>Creates every key (version 1) through the first frontend.</summary>
    public async Task CreateKeysAsync(CancellationToken cancellationToken)
    {
        foreach (var key in Keys)
        {
            using var content = new StringContent($$"""{"id":"{{key}}","name":"{{key}}","temperature":0.5}""", Encoding.UTF8, "application/json");
            using var response = await _frontends[0].PostAsync("/api/profiles", content, cancellationToken);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    /// <summary>
    /// Starts <paramref name="clients"/> clients, each sending one request after another, each to a frontend picked at
    /// random or, <paramref name="pinned"/>, always to the same one (client i to frontend i mod n).
    /// </summary>
    public void Start(int clients, bool pinned = false)
    {
        for (var client = 0; client < clients; client++)
        {
            var id = client;
            _clients.Add(Task.Run(() => RunClientAsync(id, pinned)));
        }
    }

    /// <summary>Stops every client after its request in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    /// <summary>Waits until <paramref name="count"/> more requests have succeeded: the traffic runs, and time passes by the clients' own measure.</summary>
    public async Task SucceedsAsync(int count)
    {
        var since = History.Now;
        await OrleansCache.Testing.Eventually.UntilAsync(
            () => Task.FromResult(History.Operations.Count(o => o.Start >= since && o.Succeeded)),
            done => done >= count,
            Support.SystemUnderTest.Patience,
            $"{count} successful requests");
    }

    /// <summary>Waits until every key has been served by a request sent after <paramref name="at"/> (the history then says how soon).</summary>
    public async Task EveryKeyServedSinceAsync(long at) =>
        await OrleansCache.Testing.Eventually.UntilAsync(
            () => Task.FromResult(History.Recovery(History.Operations, Keys, at)),
            recovery => recovery.Values.All(r => r is not null),
            Support.SystemUnderTest.Patience,
            "every key served again");

    /// <summary>The version each key has in the database now, read directly.</summary>
    public async Task<IReadOnlyDictionary<string, long>> StoredVersionsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, version FROM profiles WHERE id = ANY(@ids);", connection);
        command.Parameters.AddWithValue("ids", Keys.ToArray());
        var versions = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        foreach (var frontend in _frontends)
        {
            frontend.Dispose();
        }

        _stop.Dispose();
    }

    private async Task RunClientAsync(int client, bool pinned)
    {
        var random = new Random(client);
        while (!_stop.IsCancellationRequested)
        {
            var frontend = pinned ? client % _frontends.Length : random.Next(_frontends.Length);
            var key = Keys[random.Next(Keys.Count)];
            var write = random.Next(2) == 0;
            var start = History.Now;
            int status;
            long? version = null;
            try
            {
                using var request = new HttpRequestMessage(write ? HttpMethod.Patch : HttpMethod.Get, $"/api/profiles/{key}");
                if (write)
                {
                    request.Content = new StringContent($$"""{"temperature":{{random.Next(0, 200) / 100.0:0.00}}}""", Encoding.UTF8, "application/merge-patch+json");
                }

                // Not the test's token: a request in flight when the test stops still gets its answer recorded.
                using var response = await _frontends[frontend].SendAsync(request, CancellationToken.None);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
                    version = body.RootElement.GetProperty("version").GetInt64();
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }

            History.Add(new Operation(client, frontend, key, write ? OperationKind.Write : OperationKind.Read, start, History.Now, status, version));
        }
    }
}
