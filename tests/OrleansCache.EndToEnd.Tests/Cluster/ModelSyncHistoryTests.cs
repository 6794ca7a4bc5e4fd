using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Cluster;

/// <summary>
/// Syncs racing model reads over real processes (two silos, two frontends, near caches on by default): one sync job
/// renames a model again and again (its name carries the sync's number), through either frontend, while readers
/// look the model up by filter and by key through both. Every request is recorded and the history checked: no read
/// answers a sync older than one acknowledged before the read began. Afterwards the frontends' own metrics are
/// checked against the cluster's stats: the near hits they export are exactly the stats' near breakdown.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelSyncHistoryTests(ITestOutputHelper output)
{
    private const string Provider = "racing";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_model_read_is_older_than_a_sync_acknowledged_before_it_began_and_frontend_metrics_match_the_stats()
    {
        await using var cluster = await ClusterUnderTest.CreateAsync(output, silos: 2, frontends: 2);
        await cluster.StartAsync(Cancellation);
        var frontends = cluster.FrontendUrls.Select(url => new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(45) }).ToArray();
        try
        {
            Assert.Equal(HttpStatusCode.OK, await SyncAsync(frontends[0], 0));
            var syncs = new ConcurrentQueue<(long Start, long End, int Number)>();
            var reads = new ConcurrentQueue<(long Start, long End, int Frontend, int? Number, int Status)>();
            using var stop = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 6).Select(reader => Task.Run(async () =>
            {
                var path = reader % 2 == 0 ? $"/api/models?provider={Provider}&capability=chat" : $"/api/models/{Provider}/m";
                var frontend = reader % frontends.Length;
                while (!stop.IsCancellationRequested)
                {
                    var start = History.Now;
                    using var response = await frontends[frontend].GetAsync(path, CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    int? number = response.IsSuccessStatusCode ? NumberIn(body, list: reader % 2 == 0) : null;
                    reads.Enqueue((start, History.Now, frontend, number, (int)response.StatusCode));
                }
            })).ToArray();

            // One sync job: each sync starts after the last was acknowledged, so the acknowledged ones are in order.
            for (var number = 1; number <= 60; number++)
            {
                var start = History.Now;
                Assert.Equal(HttpStatusCode.OK, await SyncAsync(frontends[number % frontends.Length], number));
                syncs.Enqueue((start, History.Now, number));
                await WaitForReadsAsync(reads, 10);
            }

            await stop.CancelAsync();
            await Task.WhenAll(readers);

            var acknowledged = syncs.OrderBy(s => s.End).ToArray();
            var stale = new List<string>();
            foreach (var read in reads)
            {
                var latest = acknowledged.LastOrDefault(s => s.End < read.Start).Number;
                if (read.Status != 200 || read.Number is not { } seen || seen < latest)
                {
                    stale.Add($"read through frontend{read.Frontend + 1} answered {read.Status} with sync {read.Number} after sync {latest} was acknowledged");
                }
            }

            output.WriteLine($"[figures] {syncs.Count} syncs, {reads.Count} reads");
            Assert.Empty(stale);

            // No lookups run now: the frontends' exported near hits add up to the stats' near breakdown exactly.
            using var stats = JsonDocument.Parse(await frontends[0].GetStringAsync("/api/cache/stats", Cancellation));
            foreach (var cache in new[] { "profiles", "models" })
            {
                var exported = 0L;
                foreach (var frontend in frontends)
                {
                    exported += Sample(await frontend.GetStringAsync("/metrics", Cancellation), "orleanscache_near_hits_total", $"cache=\"{cache}\"");
                }

                var entry = stats.RootElement.GetProperty("caches").EnumerateArray().Single(c => c.GetProperty("name").GetString() == cache);
                Assert.Equal(entry.GetProperty("near").GetProperty("hits").GetInt64(), exported);
                if (cache == "models")
                {
                    Assert.True(exported > 0, "the readers' lookups were answered from the frontends' memory");
                }
            }
        }
        finally
        {
            foreach (var frontend in frontends)
            {
                frontend.Dispose();
            }
        }
    }

    private static async Task<HttpStatusCode> SyncAsync(HttpClient frontend, int number)
    {
        using var content = new StringContent(
            $$"""{"provider":"{{Provider}}","models":[{"id":"m","name":"sync {{number}}","capabilities":["chat"]}]}""", Encoding.UTF8, "application/json");
        using var response = await frontend.PostAsync("/api/models/sync", content, CancellationToken.None);
        return response.StatusCode;
    }

    // The sync number in the model's name, in a list of exactly that model or in the model itself.
    private static int NumberIn(string body, bool list)
    {
        using var document = JsonDocument.Parse(body);
        var model = list ? document.RootElement.EnumerateArray().Single() : document.RootElement;
        return int.Parse(model.GetProperty("name").GetString()!["sync ".Length..], CultureInfo.InvariantCulture);
    }

    private static async Task WaitForReadsAsync<T>(ConcurrentQueue<T> reads, int more)
    {
        var target = reads.Count + more;
        await OrleansCache.Testing.Eventually.UntilAsync(() => Task.FromResult(reads.Count), count => count >= target, SystemUnderTest.Patience, "reads between syncs");
    }

    // The value of the one sample of a metric with a label in a Prometheus scrape.
    private static long Sample(string scrape, string metric, string label)
    {
        var sample = Assert.Single(scrape.Split('\n'), line => line.StartsWith(metric + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal));
        return long.Parse(sample[(sample.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
