using System.Diagnostics;
using System.Net;
using System.Text;
using OrleansCache.EndToEnd.Tests.Reliability.Load;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// Soak: a steady mix of profile reads, list reads, profile writes and model lookups at a fixed rate for a minute
/// (<c>ORLEANSCACHE_RELIABILITY=full</c>: ten). Every request succeeds; neither process's resident memory grows
/// from the early part of the run to its end by more than a stated bound; the cache statistics grow by exactly
/// the lookups the generator sent, and the database writes by exactly the writes it sent.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const double RequestsPerSecond = 200;
    private const int MaxInFlight = 64;
    private const int ProfileCount = 50;

    private const string GetProfile = "GET /api/profiles/{id}";
    private const string GetList = "GET /api/profiles";
    private const string Patch = "PATCH /api/profiles/{id}";
    private const string GetModels = "GET /api/models?filter";
    private const string GetModel = "GET /api/models/{provider}/{id}";

    /// <summary>
    /// How much more resident memory the end of the run may hold than the early part held at its highest. The
    /// processes run the server GC, whose heap breathes by tens of MiB with allocation rate and timing; a leak of
    /// a few hundred bytes per request adds more than this over the full run's 120,000 requests, and in the short
    /// run a leak of a few KiB per request does. The bound compares the median of the last window with the
    /// highest sample of the early window, so one high sample at the end cannot fail it and one low sample
    /// early cannot either.
    /// </summary>
    private const long MemoryGrowthBound = 48L * 1024 * 1024;

    private static readonly string[] ModelFilters =
    [
        "", "?provider=openai", "?provider=anthropic", "?capability=chat", "?capability=tools", "?capability=vision&enabled=true",
        "?enabled=false", "?q=model%201", "?q=M-2", "?provider=OpenAI&capability=Audio", "?capability=embeddings&provider=anthropic", "?q=of%20anthropic",
    ];

    private static TimeSpan Duration => Suite.Pick(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mixed_traffic_at_a_steady_rate_has_no_errors_flat_memory_and_exact_stats()
    {
        await using var system = new SystemUnderTest(output);

        // No log line per request: a ten-minute run would fill the test output.
        system.FrontendArguments.Add("--Logging:LogLevel:OrleansCache.Requests=Warning");
        await system.StartAsync(Cancellation);
        var ids = await Seed.ProfilesAsync(system.Http, "soak_", ProfileCount, Cancellation);
        await Seed.ModelsAsync(system.Http, "openai", 60, Cancellation);
        await Seed.ModelsAsync(system.Http, "anthropic", 40, Cancellation);

        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = system.FrontendUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var tally = new Tally();
        var before = await CacheStats.ReadAsync(system.Http, Cancellation);

        Stopwatch started;
        SteadyLoad.Run run;
        await using (var memory = new ProcessMemory(
            new Dictionary<string, Func<int?>> { ["silo"] = () => system.Silo.Id, ["frontend"] = () => system.Frontend.Id },
            TimeSpan.FromSeconds(1)))
        {
            started = Stopwatch.StartNew();
            run = await SteadyLoad.AtRateAsync(RequestsPerSecond, Duration, MaxInFlight, i => SendAsync(client, tally, ids, i), Cancellation);
            memory.SampleNow();
            output.WriteLine($"[test] load: {run}{Environment.NewLine}{tally.Summary()}");

            var failures = new List<string>();
            foreach (var process in new[] { "silo", "frontend" })
            {
                var (early, late, verdict) = Flatness(memory, process, memory.Elapsed);
                output.WriteLine($"[figures] soak {process}: {verdict}");
                if (late > early + MemoryGrowthBound)
                {
                    failures.Add($"{process}: {verdict}");
                }
            }

            Assert.True(failures.Count == 0, "Memory grew: " + string.Join("; ", failures));
        }

        Assert.Empty(tally.Unexpected(HttpStatusCode.OK));
        Assert.Equal(run.Started, tally.Total);

        // Exact, because the traffic has stopped: each profile or list read is one profile lookup, each model read
        // one model lookup (a hit or a miss), and each PATCH one UPDATE.
        var growth = await CacheStats.ReadAsync(system.Http, Cancellation) - before;
        output.WriteLine($"[figures] soak: {tally.Total} requests in {started.Elapsed.TotalSeconds:0} s; stats growth {growth}");
        Assert.Equal(tally.Sent(GetProfile) + tally.Sent(GetList), growth.ProfileLookups);
        Assert.Equal(tally.Sent(GetModels) + tally.Sent(GetModel), growth.ModelLookups);
        Assert.Equal(tally.Sent(Patch), growth.DatabaseWrites);

        // A read happens for a miss, or for a write that found its profile deactivated (TTL): never more.
        Assert.InRange(growth.DatabaseReads, growth.ProfileMisses + growth.ModelMisses, growth.ProfileMisses + growth.ModelMisses + tally.Sent(Patch));
    }

    /// <summary>
    /// The highest sample of the early window (after a warm-up of a fifth of the run) and the median of the last
    /// fifth, with a line that says so.
    /// </summary>
    private static (long Early, long Late, string Verdict) Flatness(ProcessMemory memory, string process, TimeSpan end)
    {
        var fifth = end / 5;
        var early = memory.Between(process, fifth, 2 * fifth);
        var late = memory.Between(process, end - fifth, end + TimeSpan.FromSeconds(1)).Order().ToList();
        Assert.True(early.Count > 0 && late.Count > 0, $"{process}: no memory samples to compare.");
        var earlyMax = early.Max();
        var lateMedian = late[late.Count / 2];
        var verdict =
            $"RSS early max {ProcessMemory.MiB(earlyMax)}, late median {ProcessMemory.MiB(lateMedian)}, " +
            $"peak {ProcessMemory.MiB(memory.Peak(process))}, bound +{ProcessMemory.MiB(MemoryGrowthBound)}";
        return (earlyMax, lateMedian, verdict);
    }

    private static async Task SendAsync(HttpClient client, Tally tally, string[] ids, long i)
    {
        // Spread over the profiles and filters by a multiplicative hash of i: deterministic, no shared Random.
        var pick = (int)((ulong)i * 2654435761UL % 1_000_003UL);
        var id = ids[pick % ids.Length];
        var (operation, request) = (i % 20) switch
        {
            < 10 => (GetProfile, new HttpRequestMessage(HttpMethod.Get, $"/api/profiles/{id}")),
            < 12 => (GetList, new HttpRequestMessage(HttpMethod.Get, "/api/profiles?limit=100")),
            < 14 => (Patch, new HttpRequestMessage(HttpMethod.Patch, $"/api/profiles/{id}")
            {
                Content = new StringContent($$"""{ "name": "Soaked {{i}}" }""", Encoding.UTF8, "application/merge-patch+json"),
            }),
            < 18 => (GetModels, new HttpRequestMessage(HttpMethod.Get, "/api/models" + ModelFilters[pick % ModelFilters.Length])),
            _ => (GetModel, new HttpRequestMessage(HttpMethod.Get, $"/api/models/{(pick % 2 == 0 ? "openai" : "anthropic")}/m-{pick % 40}")),
        };

        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                tally.Count(operation, response.StatusCode);
            }
            catch (TaskCanceledException)
            {
                tally.Count(operation, Tally.TimedOut);
            }
            catch (HttpRequestException)
            {
                tally.Count(operation, Tally.ConnectionFailed);
            }
        }
    }
}
