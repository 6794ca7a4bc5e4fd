using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// Many truly concurrent requests (all released together from one gate) through two frontend processes on one
/// silo: conditional writes have exactly one winner, unconditional ones all apply, concurrent creates of one id
/// have one winner, and a sync racing with reads never shows a half-synced catalog.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Requests in one race.</summary>
    private static readonly int Racers = Suite.Pick(24, 96);

    /// <summary>Races per test.</summary>
    private static readonly int Rounds = Suite.Pick(3, 25);

    private SystemUnderTest _system = null!;
    private ExtraFrontend _second = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _system = new SystemUnderTest(output);
        try
        {
            await _system.StartAsync(Cancellation);
            _second = await ExtraFrontend.StartAsync(_system, output, [], Cancellation);
        }
        catch
        {
            // xunit does not dispose a test whose initialization failed: stop the processes that did start.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        await _system.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_patches_with_one_If_Match_have_exactly_one_winner_and_the_rest_get_412()
    {
        var id = NewId();
        var version = await CreateAsync(id, "start");
        for (var round = 0; round < Rounds; round++)
        {
            var expectedVersion = version;
            var answers = await RaceAsync(Racers, i =>
            {
                var request = Json(HttpMethod.Patch, $"/api/profiles/{id}", $$"""{ "name": "r{{round}}-w{{i}}" }""", "application/merge-patch+json");
                request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{expectedVersion}\""));
                return request;
            });

            var winners = answers.Where(a => a.Status == HttpStatusCode.OK).ToList();
            Assert.True(winners.Count == 1, $"Round {round}: expected exactly one 200, got {Describe(answers)}");
            Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => AssertProblem(a, HttpStatusCode.PreconditionFailed));

            var winner = winners[0];
            using var written = JsonDocument.Parse(winner.Body);
            Assert.Equal(expectedVersion + 1, written.RootElement.GetProperty("version").GetInt64());

            var current = await ReadProfileAsync(id);
            Assert.Equal(expectedVersion + 1, current.GetProperty("version").GetInt64());
            Assert.Equal(written.RootElement.GetProperty("name").GetString(), current.GetProperty("name").GetString());
            Assert.Equal($"r{round}-w{winner.Index}", current.GetProperty("name").GetString());
            version = expectedVersion + 1;
        }

        var row = DatabaseVersion(id);
        Assert.Equal(version, row.Version);
        Assert.StartsWith($"r{Rounds - 1}-w", row.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_patches_without_If_Match_all_apply_and_the_final_version_counts_them()
    {
        var id = NewId();
        var initial = await CreateAsync(id, "start");
        var total = Racers * Rounds;
        var versions = new List<long>();
        for (var round = 0; round < Rounds; round++)
        {
            var answers = await RaceAsync(Racers, i =>
                Json(HttpMethod.Patch, $"/api/profiles/{id}", $$"""{ "params": { "k{{round}}_{{i}}": {{i}} } }""", "application/merge-patch+json"));

            Assert.True(answers.All(a => a.Status == HttpStatusCode.OK), $"Round {round}: expected only 200, got {Describe(answers)}");
            foreach (var answer in answers)
            {
                using var document = JsonDocument.Parse(answer.Body);
                versions.Add(document.RootElement.GetProperty("version").GetInt64());
            }
        }

        // Every write was acknowledged with its own version, one after the other, and nothing else wrote.
        Assert.Equal(Enumerable.Range(1, total).Select(n => initial + n), versions.Order());

        var current = await ReadProfileAsync(id);
        Assert.Equal(initial + total, current.GetProperty("version").GetInt64());
        var parameters = current.GetProperty("params");
        var expected = Enumerable.Range(0, Rounds).SelectMany(r => Enumerable.Range(0, Racers).Select(i => ($"k{r}_{i}", i))).ToList();
        Assert.Equal(expected.Count, parameters.EnumerateObject().Count());
        Assert.All(expected, pair => Assert.Equal(pair.Item2, parameters.GetProperty(pair.Item1).GetInt32()));
        Assert.Equal(initial + total, DatabaseVersion(id).Version);
    }

    [Fact]
    public async Task Concurrent_creates_of_one_id_have_one_201_and_the_rest_409_and_the_row_is_the_winners()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var id = NewId();
            var answers = await RaceAsync(Racers, i =>
                Json(HttpMethod.Post, "/api/profiles", $$"""{ "id": "{{id}}", "name": "creator-{{i}}", "max_tokens": {{i + 1}} }"""));

            var winners = answers.Where(a => a.Status == HttpStatusCode.Created).ToList();
            Assert.True(winners.Count == 1, $"Round {round}: expected exactly one 201, got {Describe(answers)}");
            Assert.All(answers.Where(a => a.Status != HttpStatusCode.Created), a => AssertProblem(a, HttpStatusCode.Conflict));

            var winner = winners[0];
            var current = await ReadProfileAsync(id);
            Assert.Equal($"creator-{winner.Index}", current.GetProperty("name").GetString());
            Assert.Equal(winner.Index + 1, current.GetProperty("max_tokens").GetInt32());
            Assert.Equal(1, current.GetProperty("version").GetInt64());
            Assert.Equal((1L, $"creator-{winner.Index}"), DatabaseVersion(id));
        }
    }

    [Fact]
    public async Task A_sync_racing_with_reads_never_exposes_a_half_synced_catalog()
    {
        var provider = "race-" + Guid.NewGuid().ToString("N")[..12];
        var size = Suite.Pick(600, 3000);
        var syncs = Suite.Pick(6, 40);
        var catalogs = new[] { Catalog.Make(provider, "A", 0, size), Catalog.Make(provider, "B", size / 2, size) };
        string[] filters =
        [
            $"?provider={provider}",
            $"?provider={provider}&capability=odd",
            $"?provider={provider}&enabled=false",
            $"?provider={provider}&q=gen-b",
            $"?capability=odd&provider={provider.ToUpperInvariant()}",
        ];
        // What each filter must answer under each catalog: the whole list, and nothing in between.
        var expected = filters.ToDictionary(f => f, f => catalogs.Select(c => c.Expected(f)).ToArray());
        Assert.All(expected.Values, pair => Assert.NotEqual(pair[0], pair[1]));
        var singleId = catalogs[1].Models[0].Id; // in both catalogs, with a different name
        var singles = catalogs.Select(c => c.Models.Single(m => m.Id == singleId).Fingerprint).ToArray();

        await SyncAsync(catalogs[0]);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var reads = new int[2];
        var failures = new List<string>();
        var readers = Enumerable.Range(0, 4).Select(reader => Task.Run(async () =>
        {
            var http = reader % 2 == 0 ? _system.Http : _second.Http;
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var filter = filters[n++ % filters.Length];
                var single = n % 7 == 0;
                string body;
                try
                {
                    using var response = await http.GetAsync(single ? $"/api/models/{provider}/{singleId}" : $"/api/models{filter}", stop.Token);
                    body = await response.Content.ReadAsStringAsync(stop.Token);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        lock (failures)
                        {
                            failures.Add($"{(int)response.StatusCode} {body}");
                        }

                        continue;
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }

                var seen = single ? Catalog.Fingerprint(JsonDocument.Parse(body).RootElement) : Catalog.Fingerprints(body);
                var which = single ? Array.IndexOf(singles, seen) : Array.IndexOf(expected[filter], seen);
                if (which < 0)
                {
                    lock (failures)
                    {
                        failures.Add($"{(single ? singleId : filter)} answered a mix of both catalogs: {seen[..Math.Min(seen.Length, 400)]}");
                    }
                }
                else
                {
                    Interlocked.Increment(ref reads[which]);
                }
            }
        })).ToArray();

        try
        {
            for (var s = 1; s <= syncs; s++)
            {
                var catalog = catalogs[s % 2];
                await SyncAsync(catalog);

                // Read-your-writes: once the sync has answered, every reader gets the new catalog.
                foreach (var filter in filters)
                {
                    Assert.Equal(expected[filter][s % 2], Catalog.Fingerprints(await _second.Http.GetStringAsync($"/api/models{filter}", Cancellation)));
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers);
        }

        output.WriteLine($"[test] {syncs} syncs of {size} models; reads that saw catalog A: {reads[0]}, B: {reads[1]}");
        Assert.Empty(failures);
        Assert.True(reads[0] + reads[1] > 0, "No read completed.");
    }

    /// <summary>Sends the requests <paramref name="make"/> builds, alternating the two frontends, all released at once.</summary>
    private async Task<List<Answer>> RaceAsync(int count, Func<int, HttpRequestMessage> make)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new CountdownEvent(count);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            using var request = make(i);
            var http = i % 2 == 0 ? _system.Http : _second.Http;
            ready.Signal();
            await gate.Task;
            using var response = await http.SendAsync(request, Cancellation);
            return new Answer(i, response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(Cancellation));
        })).ToArray();

        await _system.WaitUntilAsync($"{count} racers are at the gate", _ => Task.FromResult(ready.IsSet), Cancellation);
        gate.SetResult();
        var answers = await Task.WhenAll(tasks);
        ready.Dispose();
        return [.. answers];
    }

    private async Task<long> CreateAsync(string id, string name)
    {
        using var request = Json(HttpMethod.Post, "/api/profiles", $$"""{ "id": "{{id}}", "name": "{{name}}" }""");
        using var response = await _system.Http.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        return document.RootElement.GetProperty("version").GetInt64();
    }

    /// <summary>Reads the profile through the frontend that did not create it.</summary>
    private async Task<JsonElement> ReadProfileAsync(string id)
    {
        var body = await _second.Http.GetStringAsync($"/api/profiles/{id}", Cancellation);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task SyncAsync(Catalog catalog)
    {
        using var request = Json(HttpMethod.Post, "/api/models/sync", catalog.SyncBody());
        using var response = await _system.Http.SendAsync(request, Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
    }

    /// <summary>The profile's row, read from outside with SQLite.</summary>
    private (long Version, string Name) DatabaseVersion(string id)
    {
        using var connection = new SqliteConnection($"Data Source={_system.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM profiles WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"No row for {id}");
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private static string NewId() => "race_" + Guid.NewGuid().ToString("N");

    private static HttpRequestMessage Json(HttpMethod method, string url, string body, string mediaType = "application/json") =>
        new(method, url) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    private static void AssertProblem(Answer answer, HttpStatusCode status)
    {
        Assert.True(answer.Status == status, $"Expected {(int)status}, got {(int)answer.Status}: {answer.Body}");
        Assert.Equal("application/problem+json", answer.MediaType);
        using var problem = JsonDocument.Parse(answer.Body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
    }

    private static string Describe(IEnumerable<Answer> answers) =>
        string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}"));

    private sealed record Answer(int Index, HttpStatusCode Status, string? MediaType, string Body);

    private sealed record CatalogModel(string Id, string Name, int ContextWindow, string[] Capabilities, bool Enabled)
    {
        public string Fingerprint => Catalog.Fingerprint(Id, Name, ContextWindow, Capabilities, Enabled);
    }

    /// <summary>
    /// One generation of a provider's catalog. Catalog B keeps the second half of A's ids under new names, drops the
    /// first half and adds as many new ones, and flips capabilities and flags, so any mix of the two is visible in
    /// every filter (a list with an A name and a B name, or with ids of both halves).
    /// </summary>
    private sealed record Catalog(string Provider, string Generation, IReadOnlyList<CatalogModel> Models)
    {
        public static Catalog Make(string provider, string generation, int first, int count)
        {
            var models = Enumerable.Range(first, count).Select(n => new CatalogModel(
                $"m{n:D6}",
                $"gen-{generation.ToLowerInvariant()} model {n}",
                1000 + n,
                (n + (generation == "A" ? 0 : 1)) % 2 == 1 ? ["chat", "odd"] : ["chat"],
                (n + (generation == "A" ? 0 : 1)) % 3 != 0)).ToList();
            return new Catalog(provider, generation, models);
        }

        public string SyncBody()
        {
            var models = Models.Select(m => new Dictionary<string, object>
            {
                ["id"] = m.Id, ["name"] = m.Name, ["context_window"] = m.ContextWindow, ["capabilities"] = m.Capabilities, ["enabled"] = m.Enabled,
            });
            return JsonSerializer.Serialize(new Dictionary<string, object> { ["provider"] = Provider, ["models"] = models, ["prune"] = true });
        }

        /// <summary>The fingerprint of what <c>GET /api/models{filter}</c> must answer under this catalog.</summary>
        public string Expected(string filter)
        {
            IEnumerable<CatalogModel> models = Models;
            if (filter.Contains("capability=odd", StringComparison.Ordinal))
            {
                models = models.Where(m => m.Capabilities.Contains("odd"));
            }

            if (filter.Contains("enabled=false", StringComparison.Ordinal))
            {
                models = models.Where(m => !m.Enabled);
            }

            if (filter.Contains("q=gen-b", StringComparison.Ordinal))
            {
                models = models.Where(m => m.Name.Contains("gen-b", StringComparison.Ordinal));
            }

            return string.Join('\n', models.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => m.Fingerprint));
        }

        public static string Fingerprints(string body) =>
            string.Join('\n', JsonDocument.Parse(body).RootElement.EnumerateArray().Select(Fingerprint));

        public static string Fingerprint(JsonElement model) => Fingerprint(
            model.GetProperty("id").GetString()!,
            model.GetProperty("name").GetString()!,
            model.GetProperty("context_window").GetInt32(),
            [.. model.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()!)],
            model.GetProperty("enabled").GetBoolean());

        public static string Fingerprint(string id, string name, int contextWindow, string[] capabilities, bool enabled) =>
            $"{id}|{name}|{contextWindow}|{string.Join(',', capabilities)}|{enabled}";
    }
}
