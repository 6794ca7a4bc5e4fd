using System.Diagnostics;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Cluster;

/// <summary>
/// The frontends' near caches (on by default) over real processes: two silos and two frontends, many clients
/// patching and reading the same few profiles through both. Every request is recorded and the history checked: no
/// read returns a version older than a write acknowledged before the read began, and no acknowledged write is missing
/// from the database. One frontend is paused (SIGSTOP) for longer than the lease and resumed: writes through the other
/// go on meanwhile (each waits at most the lease for the paused one), and reads through it after it resumes are fresh.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NearCacheHistoryTests(ITestOutputHelper output)
{
    /// <summary>Cache:Near:Lease's default.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_are_never_older_than_an_acknowledged_write_even_across_a_frontend_paused_longer_than_the_lease()
    {
        await using var cluster = await ClusterUnderTest.CreateAsync(output, silos: 2, frontends: 2);
        await cluster.StartAsync(Cancellation);
        var keys = Enumerable.Range(0, 3).Select(i => $"near-{i}").ToArray();
        await using var traffic = new ClusterTraffic(cluster.FrontendUrls, keys);
        await traffic.CreateKeysAsync(Cancellation);
        // Each client stays with one frontend, so the clients of the running one go on while the other is paused.
        traffic.Start(clients: 8, pinned: true);
        await traffic.SucceedsAsync(300);

        var pausedAt = History.Now;
        cluster.PauseFrontend(1);
        try
        {
            // Writes through the running frontend are acknowledged while the other is paused, also after its lease ran out.
            await OrleansCache.Testing.Eventually.UntilAsync(
                () => Task.FromResult(AcknowledgedWrites(traffic, frontend: 0, since: pausedAt)),
                writes => writes >= 20 && Stopwatch.GetElapsedTime(pausedAt) > Lease + TimeSpan.FromSeconds(1),
                SystemUnderTest.Patience,
                "writes through frontend1 while frontend2 is paused for longer than the lease");
        }
        finally
        {
            cluster.ResumeFrontend(1);
        }

        var resumedAt = History.Now;
        await OrleansCache.Testing.Eventually.UntilAsync(
            () => Task.FromResult(traffic.History.Operations.Count(o => o is { Kind: OperationKind.Read, Succeeded: true, Frontend: 1 } && o.Start >= resumedAt)),
            reads => reads >= 100,
            SystemUnderTest.Patience,
            "reads through frontend2 after it resumed");
        await traffic.StopAsync();

        var operations = traffic.History.Operations;
        var stored = await traffic.StoredVersionsAsync(cluster.ConnectionString, Cancellation);
        var duringPause = operations.Where(o => o is { Kind: OperationKind.Write, Succeeded: true, Frontend: 0 } && o.Start >= pausedAt && o.Start < resumedAt).ToArray();
        output.WriteLine($"[figures] {operations.Count} requests, {operations.Count(o => o.Kind == OperationKind.Read)} reads; " +
                         $"paused {Stopwatch.GetElapsedTime(pausedAt, resumedAt).TotalSeconds:0.0} s, {duringPause.Length} writes acknowledged through frontend1 meanwhile, " +
                         $"the slowest in {duringPause.Select(o => Stopwatch.GetElapsedTime(o.Start, o.End).TotalSeconds).DefaultIfEmpty().Max():0.00} s");
        Assert.Empty(History.UnexpectedAnswers(operations));
        Assert.Empty(History.StaleReads(operations));
        Assert.Empty(History.DuplicateVersions(operations));
        Assert.Empty(History.LostWrites(operations, stored));
        Assert.NotEmpty(duringPause);
    }

    private static int AcknowledgedWrites(ClusterTraffic traffic, int frontend, long since) =>
        traffic.History.Operations.Count(o => o is { Kind: OperationKind.Write, Succeeded: true } && o.Frontend == frontend && o.Start >= since);
}
