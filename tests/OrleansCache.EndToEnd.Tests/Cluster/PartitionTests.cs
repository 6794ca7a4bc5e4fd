using System.Diagnostics;
using System.Net;
using Npgsql;
using OrleansCache.EndToEnd.Tests.Support;
using OrleansCache.Testing;

namespace OrleansCache.EndToEnd.Tests.Cluster;

/// <summary>
/// Three silos on three hosts of their own (network namespaces on a private bridge), with mutual TLS between
/// them and the two frontends, and PostgreSQL reached over the bridge. Under PATCH/GET traffic through both
/// frontends, one silo's traffic is dropped for a while and then restored: no read may be stale and no
/// acknowledged write lost, whatever the cut-off silo still believes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PartitionTests(ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_silo_cut_off_from_the_others_causes_no_stale_read_and_no_lost_write()
    {
        if (NetworkLab.Unavailable is { } reason)
        {
            Assert.Skip(reason);
        }

        using var lab = NetworkLab.Create(hosts: 3);
        var folder = Directory.CreateTempSubdirectory("orleanscache-partition-").FullName;
        using var certificates = new TestCertificates(folder);
        var postgres = await PostgresServer.SharedAsync();
        var database = await postgres.CreateDatabaseAsync("partition");

        // The silos reach PostgreSQL at the bridge address, through a relay of the test's own (the server listens on loopback).
        await using var relay = new LatencyProxy(new IPEndPoint(IPAddress.Loopback, postgres.Port), TimeSpan.Zero, lab.HostAddress);
        var overBridge = new NpgsqlConnectionStringBuilder(database) { Host = lab.HostAddress.ToString(), Port = relay.Port }.ConnectionString;
        var clusterId = "partition-" + Guid.NewGuid().ToString("N")[..8];
        string[] Cluster(string connectionString) =>
        [
            "--Orleans:Clustering:ProviderType=AdoNet",
            "--Orleans:Clustering:Invariant=Npgsql",
            $"--Orleans:Clustering:ConnectionString={connectionString}",
            "--Orleans:ServiceId=orleanscache-tests",
            $"--Orleans:ClusterId={clusterId}",
        ];

        var processes = new List<ProcessHost>();
        try
        {
            for (var host = 0; host < 3; host++)
            {
                var address = lab.AddressOf(host);
                List<string> arguments =
                [
                    .. Cluster(overBridge),
                    "--Storage:Provider=postgres",
                    $"--Storage:ConnectionString={overBridge}",
                    $"--Orleans:Endpoints:AdvertisedIPAddress={address}",
                    "--Orleans:SiloPort=11111",
                    "--Orleans:GatewayPort=30000",
                    "--Dashboard:Urls=http://127.0.0.1:8080",
                    .. certificates.Issue($"silo{host + 1}", address),
                ];
                processes.Add(ProcessHost.Start($"silo{host + 1}", SystemUnderTest.ProgramPath("Silo", "OrleansCache.Silo"), arguments, folder, output, lab.Namespace(host)));
            }

            for (var host = 0; host < 3; host++)
            {
                var gateway = new IPEndPoint(lab.AddressOf(host), 30000);
                await WaitAsync(processes[host], $"silo{host + 1}'s gateway at {gateway} accepts connections", ct => ClusterUnderTest.AcceptsAsync(gateway, ct));
            }

            var frontends = new List<Uri>();
            for (var index = 0; index < 2; index++)
            {
                var url = new Uri($"http://127.0.0.1:{ClusterUnderTest.FreePort()}");
                List<string> arguments =
                [
                    $"--Urls={url.GetLeftPart(UriPartial.Authority)}",
                    .. Cluster(database),
                    .. certificates.Issue($"frontend{index + 1}", IPAddress.Loopback),
                ];
                var frontend = ProcessHost.Start($"frontend{index + 1}", SystemUnderTest.ProgramPath("WebFrontend", "OrleansCache.WebFrontend"), arguments, folder, output);
                processes.Add(frontend);
                using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
                await WaitAsync(frontend, $"frontend{index + 1} is ready", ct => ClusterUnderTest.ReadyAsync(http, ct));
                frontends.Add(url);
            }

            var keys = Enumerable.Range(0, 6).Select(i => $"partition-{i}").ToArray();
            await using var traffic = new ClusterTraffic(frontends, keys);
            await traffic.CreateKeysAsync(Cancellation);
            traffic.Start(clients: 8);
            await traffic.SucceedsAsync(50);

            // Silo 2 (neither the first started nor the last) loses every link: to the other silos, the frontends and the database.
            var cut = History.Now;
            lab.Cut(1);
            await traffic.SucceedsAsync(200);
            var restored = History.Now;
            lab.Restore(1);

            // After the partition every key is served again, and the traffic goes on.
            await traffic.EveryKeyServedSinceAsync(restored);
            await traffic.SucceedsAsync(500);
            var end = History.Now;
            await traffic.StopAsync();

            var operations = traffic.History.Operations;
            var stored = await traffic.StoredVersionsAsync(database, Cancellation);
            var (gap, _) = History.LongestGap(operations, keys, cut, restored);
            var during = operations.Where(o => o.Start >= cut && o.Start < restored).ToArray();
            output.WriteLine($"[figures] partition of silo2 for {Stopwatch.GetElapsedTime(cut, restored).TotalSeconds:0.0} s: {during.Length} requests, " +
                             $"{during.Count(o => o.Status == 503)} answered 503, longest gap between two successes of one key {gap.TotalSeconds:0.00} s; " +
                             $"after restoring it for {Stopwatch.GetElapsedTime(restored, end).TotalSeconds:0.0} s: {operations.Count(o => o.Start >= restored)} requests; " +
                             $"in all {operations.Count} requests, {operations.Count(o => o is { Kind: OperationKind.Write, Succeeded: true })} writes acknowledged; " +
                             $"silo2 {(processes[1].HasExited ? $"stopped itself (exit code {processes[1].ExitCode})" : "still runs")}");
            Assert.Empty(History.UnexpectedAnswers(operations));
            Assert.Empty(History.StaleReads(operations));
            Assert.Empty(History.DuplicateVersions(operations));
            Assert.Empty(History.LostWrites(operations, stored));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }

        async Task WaitAsync(ProcessHost process, string condition, Func<CancellationToken, Task<bool>> ready)
        {
            var started = Stopwatch.GetTimestamp();
            while (!await ready(Cancellation))
            {
                Assert.False(process.HasExited, $"{process.Name} exited with code {(process.HasExited ? process.ExitCode : 0)} before {condition}.{Environment.NewLine}{process.OutputTail()}");
                Assert.True(Stopwatch.GetElapsedTime(started) < SystemUnderTest.Patience, $"Waited {SystemUnderTest.Patience} until {condition}.{Environment.NewLine}{process.OutputTail()}");
                await Task.Delay(100, Cancellation);
            }

            output.WriteLine($"[harness] {condition} after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        }
    }
}
