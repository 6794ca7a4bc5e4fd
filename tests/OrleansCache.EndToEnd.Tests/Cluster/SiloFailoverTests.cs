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
            await TrafficFlowsAsync(traffic);
            var at = History.Now;
            await cluster.KillSiloAsync(silo);
            events.Add(($"kill -9 silo{silo + 1}", at));
            await EveryKeyServedSinceAsync(traffic, at);
            events.Add(($"silo{silo + 1} started again{(silo == 1 ? " on new ports" : "")}", History.Now));
            await cluster.StartSiloAsync(silo, Cancellation, newPorts: silo == 1);
        }

        await TrafficFlowsAsync(traffic);
        var stopAt = History.Now;
        Assert.Equal(0, await cluster.StopSiloAsync(0, Cancellation));
        events.Add(("SIGTERM silo1", stopAt));
        await EveryKeyServedSinceAsync(traffic, stopAt);
        await TrafficFlowsAsync(traffic);
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
        Assert.Empty(History.UnexpectedAnswers(operations));
        Assert.Empty(History.StaleReads(operations));
        Assert.Empty(History.DuplicateVersions(operations));
        Assert.Empty(History.LostWrites(operations, stored));
        Assert.Contains(operations, o => o is { Kind: OperationKind.Read, Succeeded: true, Frontend: 1 });
    }

    // Waits until every client has had an answer since now: the traffic runs, whatever happened before.
    private static async Task TrafficFlowsAsync(ClusterTraffic traffic)
    {
        var since = History.Now;
        await OrleansCache.Testing.Eventually.UntilAsync(
            () => Task.FromResult(traffic.History.Operations.Count(o => o.Start >= since && o.Succeeded)),
            count => count >= 50,
            SystemUnderTest.Patience,
            "50 successful requests");
    }

    // Waits until every key has been served by a request sent after `at` (the history then measures how soon).
    private static async Task EveryKeyServedSinceAsync(ClusterTraffic traffic, long at) =>
        await OrleansCache.Testing.Eventually.UntilAsync(
            () => Task.FromResult(History.Recovery(traffic.History.Operations, traffic.Keys, at)),
            recovery => recovery.Values.All(r => r is not null),
            SystemUnderTest.Patience,
            "every key served again");
}

/// <summary>Cluster tests start many processes: one at a time, and not beside the reliability suite.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
