using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// A seeded fuzzer sends thousands of requests the contract says must be refused (broken, deep and duplicated JSON,
/// wrong types, huge and control-character strings, invalid UTF-8, SQL text, path tricks, bad queries and
/// If-Match, wrong methods, routes and content types) to every route of the real frontend over raw sockets.
/// Every answer must be the 4xx the contract names, as <c>application/problem+json</c> whose <c>status</c> is the
/// HTTP status, and the domain tables must be byte for byte as before. The seed is printed;
/// <c>ORLEANSCACHE_FUZZ_SEED</c> replays it. <c>ORLEANSCACHE_RELIABILITY=full</c> sends 50,000 cases.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    public const string SeedVariable = "ORLEANSCACHE_FUZZ_SEED";

    private static readonly int Cases = Suite.Pick(5_000, 50_000);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_that_must_be_refused_get_a_4xx_problem_and_change_nothing_in_the_database()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"[fuzz] seed {seed} ({SeedVariable}={seed} replays it), {Cases} cases");

        await using var system = new SystemUnderTest(output);
        await system.StartAsync(Cancellation);
        var world = await SeedAsync(system);
        var before = DomainTables.Dump(system.DatabasePath);

        var generator = new FuzzCaseGenerator(seed, world);
        var client = new RawHttpClient(system.FrontendUrl);
        var failures = new ConcurrentQueue<string>();
        var failed = 0;
        var failureKinds = new ConcurrentDictionary<string, int>();
        var statuses = new ConcurrentDictionary<int, int>();
        var kinds = new ConcurrentDictionary<string, int>();
        var started = Stopwatch.GetTimestamp();

        await Parallel.ForEachAsync(
            Enumerable.Range(0, Cases),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Cancellation },
            async (number, cancellationToken) =>
            {
                var fuzz = generator.Generate(number);
                kinds.AddOrUpdate(fuzz.Kind, 1, (_, n) => n + 1);
                string? problem;
                RawResponse? response = null;
                try
                {
                    response = await client.SendAsync(fuzz.Request, cancellationToken);
                    statuses.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
                    problem = Check(fuzz, response);
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    problem = $"no complete answer: {ex.GetType().Name}: {ex.Message}";
                }

                if (problem is not null)
                {
                    failureKinds.AddOrUpdate($"{fuzz.Kind} / {fuzz.Flaw} / {problem}", 1, (_, n) => n + 1);
                }

                if (problem is not null && Interlocked.Increment(ref failed) <= 20)
                {
                    var smallest = await ShrinkAsync(client, fuzz, cancellationToken);
                    failures.Enqueue(
                        $"case {fuzz.Number} of seed {seed} ({fuzz.Kind}: {fuzz.Flaw}): {problem}{Environment.NewLine}" +
                        $"  answer: {(response is null ? "none" : $"{response.Status} {response.ContentType} {Shorten(response.BodyText)}")}{Environment.NewLine}" +
                        $"  reproduce: {smallest.Reproduction(client.Host, maxBody: 4000)}");
                }
            });

        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"[fuzz] {Cases} cases in {elapsed.TotalSeconds:0.0} s; by kind: {Histogram(kinds)}; by status: {Histogram(statuses)}");
        output.WriteLine($"[fuzz] peak resident memory: frontend {PeakMemory(system.Frontend.Id)}, silo {PeakMemory(system.Silo.Id)}");
        var after = DomainTables.Dump(system.DatabasePath);

        Assert.False(system.Frontend.HasExited, $"The frontend exited.{Environment.NewLine}{system.OutputTails()}");
        Assert.False(system.Silo.HasExited, $"The silo exited.{Environment.NewLine}{system.OutputTails()}");
        Assert.True(
            failed == 0,
            $"{failed} of {Cases} cases failed (seed {seed}); by what was sent and what went wrong:{Environment.NewLine}" +
            string.Join(Environment.NewLine, failureKinds.OrderByDescending(p => p.Value).Take(60).Select(p => $"  {p.Value} × {p.Key}")) +
            $"{Environment.NewLine}The first ones:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        Assert.True(before == after, $"The domain tables changed (seed {seed}): {DomainTables.FirstDifference(before, after)}");

        // The frontend still serves: nothing the fuzzer sent broke it.
        using var health = await system.Http.GetAsync("/health/ready", Cancellation);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>
    /// The failing request with its body, and every header that does not matter, taken out, and a chunked body sent
    /// plainly, as long as the answer still fails: what is printed to reproduce it.
    /// </summary>
    private static async Task<RawRequest> ShrinkAsync(RawHttpClient client, FuzzCase fuzz, CancellationToken cancellationToken)
    {
        var smallest = fuzz.Request;
        async Task<bool> StillFailsAsync(RawRequest candidate)
        {
            try
            {
                return Check(fuzz with { Request = candidate }, await client.SendAsync(candidate, cancellationToken)) is not null;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or System.Net.Sockets.SocketException)
            {
                return true;
            }
        }

        // No body, or an empty object, when what fails is not in the body (a route, a method, a header).
        foreach (var body in new byte[]?[] { null, "{}"u8.ToArray() })
        {
            if (smallest.Body is { Length: > 2 } && await StillFailsAsync(smallest with { Body = body, Chunked = false }))
            {
                smallest = smallest with { Body = body, Chunked = false };
            }
        }

        if (smallest.Chunked && await StillFailsAsync(smallest with { Chunked = false }))
        {
            smallest = smallest with { Chunked = false };
        }

        foreach (var header in smallest.Headers.Where(h => h.Name is not ("Content-Type" or "If-Match")).ToList())
        {
            var candidate = smallest with { Headers = [.. smallest.Headers.Where(h => h != header)] };
            if (await StillFailsAsync(candidate))
            {
                smallest = candidate;
            }
        }

        return smallest;
    }

    /// <summary>Null when the answer is what the contract says, else what is wrong with it.</summary>
    private static string? Check(FuzzCase fuzz, RawResponse response)
    {
        if (fuzz.RefusedByServer)
        {
            return response.Status == 400 && response.Body.Length == 0 ? null : $"expected Kestrel's bare 400, got {response.Status}";
        }

        if (!fuzz.Expected.Contains(response.Status))
        {
            return $"expected {string.Join(" or ", fuzz.Expected)}, got {response.Status}";
        }

        if (response.ContentType is not { } contentType || !contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase))
        {
            return $"the {response.Status} answer is not application/problem+json but {response.ContentType ?? "(no Content-Type)"}";
        }

        try
        {
            using var problem = JsonDocument.Parse(response.Body);
            var root = problem.RootElement;
            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number || status.GetInt32() != response.Status)
            {
                return $"the problem's status does not say {response.Status}";
            }

            if (!root.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || !root.TryGetProperty("type", out _) || !root.TryGetProperty("detail", out _))
            {
                return "the problem lacks type, title or detail";
            }
        }
        catch (JsonException ex)
        {
            return $"the problem body is not JSON: {ex.Message}";
        }

        return null;
    }

    /// <summary>Profiles and a provider's models for the fuzzer to aim at (and to leave untouched), all read once so they are cached.</summary>
    private static async Task<FuzzWorld> SeedAsync(SystemUnderTest system)
    {
        var ids = Enumerable.Range(0, 5).Select(i => $"fz_seed_{i}").ToArray();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var body = $$"""{ "id": "{{id}}", "name": "Seed {{i}} 'quoted' é", "model": "gpt-4o", "temperature": 0.{{i}}, "max_tokens": {{i + 100}}, "params": { "top_p": 0.9, "stop": ["\n"] }, "system_prompt": "line one\nline two" }""";
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var created = await system.Http.PostAsync("/api/profiles", content, Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var provider = "fuzzprov";
        var modelIds = new[] { "m-one", "m.two", "m:three", "org/m-four", "a/b/c", "x_y" };
        var models = string.Join(',', modelIds.Select((m, i) => $$"""{ "id": "{{m}}", "name": "Model {{i}}", "context_window": {{1000 * (i + 1)}}, "capabilities": ["chat", "c{{i}}"], "enabled": {{(i % 2 == 0 ? "true" : "false")}} }"""));
        using (var content = new StringContent($$"""{ "provider": "{{provider}}", "models": [{{models}}] }""", Encoding.UTF8, "application/json"))
        using (var synced = await system.Http.PostAsync("/api/models/sync", content, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, synced.StatusCode);
        }

        foreach (var id in ids)
        {
            Assert.Equal(HttpStatusCode.OK, (await system.Http.GetAsync($"/api/profiles/{id}", Cancellation)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await system.Http.GetAsync($"/api/models?provider={provider}", Cancellation)).StatusCode);
        return new FuzzWorld(ids, provider, modelIds);
    }

    /// <summary>The process's peak resident set (VmHWM), where /proc tells it.</summary>
    private static string PeakMemory(int pid)
    {
        var status = $"/proc/{pid}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? "unknown" : line["VmHWM:".Length..].Trim();
    }

    private static string Histogram<T>(ConcurrentDictionary<T, int> counts)
        where T : notnull =>
        string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{p.Key} × {p.Value}"));

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "…" : text;
}
