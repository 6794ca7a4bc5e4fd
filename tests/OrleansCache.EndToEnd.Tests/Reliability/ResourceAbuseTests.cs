using System.Net;
using System.Text.Json;
using Npgsql;
using OrleansCache.EndToEnd.Tests.Reliability.Load;
using OrleansCache.EndToEnd.Tests.Support;
using OrleansCache.Testing;

namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// Resource abuse: floods of lookups that cannot be cached usefully (unknown profile ids, distinct model filters)
/// keep the silo's memory, its cache and its database traffic bounded, and a huge body is refused after about
/// the 1 MiB limit instead of being read whole. Short: 10,000 ids and 1,000 filters;
/// <c>ORLEANSCACHE_RELIABILITY=full</c>: 100,000 and 10,000.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ResourceAbuseTests(ITestOutputHelper output)
{
    private const int Workers = 64;

    /// <summary>The body limit of the contract: 1 MiB.</summary>
    private const long MaxBodyBytes = 1024 * 1024;

    /// <summary>What the socket buffers of client and server may hold besides what the server read (measured: 0.3 to 2.4 MB in all).</summary>
    private const long SocketBufferAllowance = 8L * 1024 * 1024;

    /// <summary>
    /// How far the silo's resident memory may rise above where it stood after the warm-up, during a flood.
    /// Its server GC lets the heap grow by tens of MiB between collections under a burst of allocations; what
    /// the bound rules out is memory that scales with the flood: activations or answers kept at a few KiB each
    /// would be hundreds of MiB. Measured: +35 to +45 MiB for 10,000 unknown ids (+43.5 MiB since an unknown id is
    /// remembered as absent for Cache:Profiles:AbsentTtl, 2 s: at about 1,000 ids a second, at most 2,765 activations
    /// at once), +120 to +141 MiB for 100,000,
    /// of which a part stays: Orleans' grain directory cache keeps an entry for every grain id it has seen
    /// (100,504 entries after 100,000 unknown ids), up to its own cap (GrainDirectoryOptions.CacheSize, set in the
    /// silo's hosting), so the full bound is wider. Model filters stay far below either.
    /// </summary>
    private static readonly long MemoryBound = Suite.Pick(112L, 224L) * 1024 * 1024;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_flood_of_unknown_profile_ids_keeps_no_activations_and_reads_the_database_at_most_once_per_request()
    {
        var count = Suite.Pick(10_000, 100_000);
        await using var system = new SystemUnderTest(output);
        Quiet(system);
        await system.StartAsync(Cancellation);
        using var dashboard = new HttpClient { BaseAddress = system.DashboardUrl };
        using var client = new HttpClient { BaseAddress = system.FrontendUrl, Timeout = TimeSpan.FromSeconds(30) };

        // Warm-up: the code paths run once before the baseline is taken.
        await FloodUnknownIdsAsync(client, new Tally(), 500, "warmup");
        await WaitForNoProfileActivationsAsync(system, dashboard);
        var before = await CacheStats.ReadAsync(system.Http, Cancellation);
        var baseline = ProcessMemory.ReadRss(system.Silo.Id)!.Value;

        var tally = new Tally();
        long peakConnections, peakActivations;
        SteadyLoad.Run run;
        await using (var memory = Sample(system))
        {
            await using var connections = new Watch(_ => Task.FromResult((long)ProcessMemory.CountOpenFiles(system.Silo.Id, system.DatabasePath)), TimeSpan.FromMilliseconds(50));
            await using var activations = new Watch(ct => SiloMetrics.ActivationsAsync(dashboard, "profile", ct), TimeSpan.FromMilliseconds(500));
            run = await FloodUnknownIdsAsync(client, tally, count, "flood");
            memory.SampleNow();
            peakConnections = connections.Peak;
            peakActivations = activations.Peak;
            output.WriteLine(
                $"[figures] unknown ids: {run}; silo RSS baseline {ProcessMemory.MiB(baseline)}, peak {ProcessMemory.MiB(memory.Peak("silo"))}; " +
                $"frontend RSS peak {ProcessMemory.MiB(memory.Peak("frontend"))}; database file handles in the silo at most {peakConnections}; " +
                $"profile activations at most {peakActivations} (sampled)");
            Assert.InRange(memory.Peak("silo"), 0, baseline + MemoryBound);
        }

        // No fan-out: the silo never held more database connections (pooled ones included) than there were
        // requests in flight, plus a few of its own (the statistics grain's storage, a health probe).
        Assert.InRange(peakConnections, 0, Workers + 8);
        Assert.Empty(tally.Unexpected(HttpStatusCode.NotFound));
        Assert.Equal(count, tally.Total);

        // An unknown id keeps its activation only for Cache:Profiles:AbsentTtl (2 s): once the flood is over, none is left.
        await WaitForNoProfileActivationsAsync(system, dashboard);

        // What does stay: Orleans' grain directory cache keeps an entry per grain id it has seen (see MemoryBound).
        output.WriteLine($"[figures] unknown ids: Orleans directory cache entries after the flood {await SiloMetrics.GaugeAsync(dashboard, "orleans_directory_cache_size", Cancellation)}");

        // Each request is one lookup; each is a miss that read the database once (there is no negative cache),
        // and never more than once.
        var growth = await CacheStats.ReadAsync(system.Http, Cancellation) - before;
        output.WriteLine($"[figures] unknown ids: stats growth {growth}");
        Assert.Equal(count, growth.ProfileLookups);
        Assert.InRange(growth.DatabaseReads, 0, count);
        Assert.Equal(0, growth.DatabaseWrites);
        Assert.Equal(before.ProfileSize, growth.ProfileSize);
    }

    [Fact]
    public async Task With_a_slow_database_a_flood_of_unknown_ids_opens_no_more_connections_than_Storage_MaxConnections()
    {
        // PostgreSQL behind a proxy that hands every answer back 20 ms late and counts the connections through it:
        // the flood's 64 requests in flight would each hold a connection if let.
        const int MaxConnections = 8;
        var count = Suite.Pick(2_000, 20_000);
        var postgres = await PostgresServer.SharedAsync();
        var database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("flood"));
        await using var proxy = new LatencyProxy(new IPEndPoint(IPAddress.Loopback, postgres.Port), TimeSpan.FromMilliseconds(20));
        database.Port = proxy.Port;
        await using var system = new SystemUnderTest(output) { StorageConnectionString = database.ConnectionString };
        Quiet(system);
        system.SiloArguments.Add("--Storage:Provider=postgres");
        system.SiloArguments.Add($"--Storage:MaxConnections={MaxConnections}");
        await system.StartAsync(Cancellation);
        using var client = new HttpClient { BaseAddress = system.FrontendUrl, Timeout = TimeSpan.FromSeconds(30) };
        var before = await CacheStats.ReadAsync(system.Http, Cancellation);
        var openBefore = proxy.Open;

        var tally = new Tally();
        var run = await FloodUnknownIdsAsync(client, tally, count, "slow");

        output.WriteLine($"[figures] unknown ids, slow database: {run}; database connections at most {proxy.Peak} (open before the flood {openBefore}, limit {MaxConnections})");
        Assert.Empty(tally.Unexpected(HttpStatusCode.NotFound));

        // The limit, plus the few the silo opens apart from its statements: the statistics grain's storage and a
        // readiness probe.
        Assert.InRange(proxy.Peak, 1, MaxConnections + 3);
        var growth = await CacheStats.ReadAsync(system.Http, Cancellation) - before;
        Assert.Equal(count, growth.ProfileLookups);
        Assert.InRange(growth.DatabaseReads, 0, count);
    }

    [Fact]
    public async Task A_flood_of_distinct_model_filters_keeps_the_model_cache_within_its_bound_and_reads_once_per_miss()
    {
        const int MaxEntries = 100;
        var count = Suite.Pick(1_000, 10_000);
        await using var system = new SystemUnderTest(output);
        Quiet(system);
        system.SiloArguments.Add($"--Cache:Models:MaxEntries={MaxEntries}");
        system.SiloArguments.Add("--Cache:Models:Ttl=01:00:00");
        await system.StartAsync(Cancellation);
        await Seed.ModelsAsync(system.Http, "openai", 50, Cancellation);
        using var client = new HttpClient { BaseAddress = system.FrontendUrl, Timeout = TimeSpan.FromSeconds(30) };

        var before = await CacheStats.ReadAsync(system.Http, Cancellation);
        var baseline = ProcessMemory.ReadRss(system.Silo.Id)!.Value;
        var tally = new Tally();
        SteadyLoad.Run run;
        long largestCache;
        await using (var memory = Sample(system))
        {
            await using (var size = new Watch(async ct => (await CacheStats.ReadAsync(system.Http, ct)).ModelSize, TimeSpan.FromMilliseconds(20)))
            {
                // Distinct filters: a different q each (and the other filters varied), so each is a new cache key.
                run = await SteadyLoad.FloodAsync(count, Workers, async i =>
                {
                    var filter = $"?q=zz{i:x}" + (i % 3) switch { 0 => "", 1 => "&provider=openai", _ => "&capability=chat&enabled=true" };
                    await SendAsync(client, tally, "GET /api/models?filter", "/api/models" + filter);
                }, Cancellation);
                largestCache = size.Peak;
            }

            memory.SampleNow();
            output.WriteLine(
                $"[figures] model filters: {run}; silo RSS baseline {ProcessMemory.MiB(baseline)}, peak {ProcessMemory.MiB(memory.Peak("silo"))}; " +
                $"model cache size at most {largestCache} (sampled)");
            Assert.InRange(memory.Peak("silo"), 0, baseline + MemoryBound);
        }

        Assert.Empty(tally.Unexpected(HttpStatusCode.OK));
        Assert.InRange(largestCache, 0, MaxEntries);

        // Every filter was new: a miss and one read each. The cache holds the most recent MaxEntries of them.
        var growth = await CacheStats.ReadAsync(system.Http, Cancellation) - before;
        output.WriteLine($"[figures] model filters: stats growth {growth}");
        Assert.Equal(count, growth.ModelMisses);
        Assert.Equal(0, growth.ModelHits);
        Assert.InRange(growth.DatabaseReads, 0, count);
        Assert.Equal(MaxEntries, growth.ModelSize);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_50_MB_body_sent_without_waiting_is_refused_with_413_after_about_1_MiB(bool chunked)
    {
        const long BodyBytes = 50L * 1000 * 1000;
        await using var system = new SystemUnderTest(output);
        await system.StartAsync(Cancellation);
        var frontendBefore = ProcessMemory.ReadRss(system.Frontend.Id)!.Value;

        var outcome = await RawHttp.PostHugeBodyAsync(system.FrontendUrl, "/api/profiles", BodyBytes, chunked, TimeSpan.FromSeconds(5), Cancellation);
        var frontendAfter = ProcessMemory.ReadRss(system.Frontend.Id)!.Value;
        output.WriteLine(
            $"[figures] 50 MB body ({(chunked ? "chunked" : "Content-Length")}): answered {outcome.Status} after the client got {outcome.BodyBytesSent:N0} " +
            $"body bytes into the connection (send buffer {outcome.SendBufferBytes:N0}); sending {(outcome.SendingFailed ? "failed: the connection was closed" : "stalled")}; " +
            $"frontend RSS {ProcessMemory.MiB(frontendBefore)} -> {ProcessMemory.MiB(frontendAfter)}");

        Assert.Equal(413, outcome.Status);
        Assert.Equal("application/problem+json", outcome.ContentType);
        using (var problem = JsonDocument.Parse(outcome.Body))
        {
            Assert.Equal(413, problem.RootElement.GetProperty("status").GetInt32());
        }

        // The server stopped taking the body soon after the limit and closed the connection: what got in is the
        // 1 MiB it read plus what the kernel buffers on both ends hold (which loopback autotuning grows to a few MiB
        // at most here), nowhere near the 50 MB.
        Assert.True(outcome.SendingFailed, "The connection stayed open: the server went on taking the body.");
        Assert.True(
            outcome.BodyBytesSent <= MaxBodyBytes + SocketBufferAllowance,
            $"The client got {outcome.BodyBytesSent:N0} of {BodyBytes:N0} bytes in, more than {MaxBodyBytes:N0} + {SocketBufferAllowance:N0}.");

        // And the frontend goes on serving.
        using var live = await system.Http.GetAsync("/health/ready", Cancellation);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    /// <summary>No log line per request: the floods would fill the test output.</summary>
    private static void Quiet(SystemUnderTest system) => system.FrontendArguments.Add("--Logging:LogLevel:OrleansCache.Requests=Warning");

    private static ProcessMemory Sample(SystemUnderTest system) => new(
        new Dictionary<string, Func<int?>> { ["silo"] = () => system.Silo.Id, ["frontend"] = () => system.Frontend.Id },
        TimeSpan.FromMilliseconds(250));

    private static Task<SteadyLoad.Run> FloodUnknownIdsAsync(HttpClient client, Tally tally, long count, string prefix) =>
        SteadyLoad.FloodAsync(count, Workers, i => SendAsync(client, tally, "GET /api/profiles/{unknown}", $"/api/profiles/{prefix}_{i}_{Guid.NewGuid():N}"), Cancellation);

    private static async Task SendAsync(HttpClient client, Tally tally, string operation, string path)
    {
        try
        {
            using var response = await client.GetAsync(path, CancellationToken.None);
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

    private static Task WaitForNoProfileActivationsAsync(SystemUnderTest system, HttpClient dashboard) =>
        system.WaitUntilAsync(
            "no profile activation is left",
            async ct => await SiloMetrics.ActivationsAsync(dashboard, "profile", ct) == 0,
            Cancellation);
}
