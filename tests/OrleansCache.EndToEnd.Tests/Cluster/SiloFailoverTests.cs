using System.Diagnostics;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Cluster;

/// <summary>
/// Three silos and two frontends on AdoNet membership over PostgreSQL, as separate processes, under a steady mix of
/// writes and reads through both frontends: each silo in turn (the first one started included) is killed outright
/// and started again (one of them on new ports), and one is stopped gracefully. Every request is recorded and the
/// history is checked afterwards.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloFailoverTests(ITestOutputHelper output)
{
    /// <summary>The issue's bound: service for every key is back this soon after a kill.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_or_stopping_any_silo_loses_no_write_serves_no_stale_read_and_recovers_within_10_s()
    {
        await using var cluster = await ClusterUnderTest.CreateAsync(output, silos: 3, frontends: 2);
        await cluster.StartAsync(Cancellation);
        var keys = Enumerable.Range(0, 6).Select(i => $"failover-{i}").ToArray();
        await using var traffic = new ClusterTraffic(cluster.FrontendUrls, keys);
        await traffic.CreateKeysAsync(Cancellation);
        traffic.Start(clients: 8);

        var events = new List<(string Name, long At)>();
        for (var silo = 0; silo < cluster.SiloCount; silo++)
        {
            await traffic.SucceedsAsync(50);
            var at = History.Now;
            await cluster.KillSiloAsync(silo);
            events.Add(($"kill -9 silo{silo + 1}", at));
            await traffic.EveryKeyServedSinceAsync(at);
            events.Add(($"silo{silo + 1} started again{(silo == 1 ? " on new ports" : "")}", History.Now));
            await cluster.StartSiloAsync(silo, Cancellation, newPorts: silo == 1);
        }

        await traffic.SucceedsAsync(50);
        var stopAt = History.Now;
        Assert.Equal(0, await cluster.StopSiloAsync(0, Cancellation));
        events.Add(("SIGTERM silo1", stopAt));
        await traffic.EveryKeyServedSinceAsync(stopAt);
        await traffic.SucceedsAsync(50);
        var end = History.Now;
        await traffic.StopAsync();

        var operations = traffic.History.Operations;
        var stored = await traffic.StoredVersionsAsync(cluster.ConnectionString, Cancellation);
        for (var i = 0; i < events.Count; i++)
        {
            var (name, at) = events[i];
            var next = i + 1 < events.Count ? events[i + 1].At : end;
            var recovered = History.Recovery(operations, keys, at).Values.Max() ?? TimeSpan.MaxValue;
            var (gap, gapStart) = History.LongestGap(operations, keys, at, next);
            var until = operations.Where(o => o.Start >= at && o.Start < next).ToArray();
            output.WriteLine($"[figures] {name}: a first success for every key {recovered.TotalSeconds:0.00} s after it; until the next event " +
                             $"{until.Length} requests, {until.Count(o => o.Status == 503)} answered 503, longest gap between two successes of one key " +
                             $"{gap.TotalSeconds:0.00} s (from {Stopwatch.GetElapsedTime(at, gapStart).TotalSeconds:0.00} s after it)");
            Assert.True(gap <= RecoveryBound, $"{name}: a key went {gap.TotalSeconds:0.00} s without a successful answer");
        }

        output.WriteLine($"[figures] in all {operations.Count} requests, {operations.Count(o => o.Status == 503)} answered 503, " +
                         $"{operations.Count(o => o is { Kind: OperationKind.Write, Succeeded: true })} writes acknowledged");
        var stale = History.StaleReads(operations);
        foreach (var violation in stale)
        {
            output.WriteLine($"[violation] {violation}");
        }

        Assert.Empty(History.UnexpectedAnswers(operations));
        Assert.Empty(stale);
        Assert.Empty(History.DuplicateVersions(operations));
        Assert.Empty(History.LostWrites(operations, stored));
        Assert.Contains(operations, o => o is { Kind: OperationKind.Read, Succeeded: true, Frontend: 1 });
    }
}
