using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;
using OrleansCache.Storage;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Cluster;

/// <summary>
/// Our membership SQL (Migrations/Postgres/0004) as Orleans' own AdoNet provider drives it, on a real PostgreSQL
/// server: the table-version fencing that keeps two silos from both believing they changed the table, the heartbeat,
/// the gateway list, and the clean-ups. Always on PostgreSQL, whichever database the rest of this run uses.
/// </summary>
public sealed class MembershipTableTests : IAsyncLifetime
{
    private static readonly DateTime Now = DateTime.UtcNow;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private string _connectionString = null!;

    public async ValueTask InitializeAsync()
    {
        _connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("membership");
        await using var dialect = new PostgresDialect(_connectionString);
        await new SchemaMigrator(dialect, Options.Create(new MembershipDatabaseOptions()), NullLogger<SchemaMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task The_provider_finds_every_query_key_it_needs_and_the_version_row_is_made_once()
    {
        var table = await TableAsync("c1");
        await (await TableAsync("c1")).InitializeMembershipTableAsync(true, Cancel);

        var data = await table.ReadAllAsync(Cancel);
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);

        // Exactly the keys of the 10.4 contract (nine required and the optional one-row clean-up), nothing else.
        await using var connection = new Npgsql.NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new Npgsql.NpgsqlCommand("SELECT QueryKey FROM OrleansQuery WHERE QueryKey NOT LIKE '%Storage%' ORDER BY QueryKey;", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            ["CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
             "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
             "UpdateIAmAlivetimeKey", "UpdateMembershipKey"],
            keys);
    }

    [Fact]
    public async Task An_insert_with_a_stale_table_version_changes_nothing_and_one_with_the_current_one_bumps_it()
    {
        var table = await TableAsync("c2");
        var start = (await table.ReadAllAsync(Cancel)).Version;

        Assert.True(await table.InsertRowAsync(Entry(1), start.Next(), Cancel));
        var after = await table.ReadAllAsync(Cancel);
        Assert.Equal(1, after.Version.Version);
        var (stored, etag) = Assert.Single(after.Members);
        Assert.Equal(Entry(1).SiloAddress, stored.SiloAddress);
        Assert.Equal(SiloStatus.Joining, stored.Status);
        Assert.Equal("silo-1", stored.SiloName);
        Assert.Equal(30001, stored.ProxyPort);
        Assert.Equal(after.Version.VersionEtag, etag);

        // The same version again (another silo that read the table before this insert) is refused.
        Assert.False(await table.InsertRowAsync(Entry(2), start.Next(), Cancel));
        // A second row for the same silo is refused whatever the version.
        Assert.False(await table.InsertRowAsync(Entry(1), after.Version.Next(), Cancel));
        Assert.Single((await table.ReadAllAsync(Cancel)).Members);
        Assert.True(await table.InsertRowAsync(Entry(2), after.Version.Next(), Cancel));
        Assert.Equal(2, (await table.ReadAllAsync(Cancel)).Version.Version);
    }

    [Fact]
    public async Task Of_many_silos_inserting_against_the_same_version_exactly_one_wins()
    {
        var tables = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TableAsync("c3")));
        var version = (await tables[0].ReadAllAsync(Cancel)).Version.Next();

        var results = await Task.WhenAll(tables.Select((table, i) => Task.Run(() => table.InsertRowAsync(Entry(i + 1), version, Cancel))));

        Assert.Single(results, won => won);
        var data = await tables[0].ReadAllAsync(Cancel);
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task An_update_needs_the_current_table_version_and_records_status_and_suspicions()
    {
        var table = await TableAsync("c4");
        await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel);
        await table.InsertRowAsync(Entry(2), (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel);
        var read = await table.ReadRowAsync(Entry(1).SiloAddress, Cancel);
        var (entry, etag) = Assert.Single(read.Members);

        entry.Status = SiloStatus.Dead;
        entry.AddOrUpdateSuspector(Entry(2).SiloAddress, Now, maxVotes: 2);
        Assert.True(await table.UpdateRowAsync(entry, etag, read.Version.Next(), Cancel));
        Assert.False(await table.UpdateRowAsync(entry, etag, read.Version.Next(), Cancel), "a second silo that read the same version is fenced off");

        var (stored, _) = Assert.Single((await table.ReadRowAsync(Entry(1).SiloAddress, Cancel)).Members);
        Assert.Equal(SiloStatus.Dead, stored.Status);
        var (suspector, _) = Assert.Single(stored.SuspectTimes!);
        Assert.Equal(Entry(2).SiloAddress, suspector);
        Assert.Equal(3, (await table.ReadAllAsync(Cancel)).Version.Version);
    }

    [Fact]
    public async Task A_heartbeat_moves_i_am_alive_and_leaves_the_table_version_alone()
    {
        var table = await TableAsync("c5");
        await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel);
        var entry = Entry(1);
        entry.IAmAliveTime = Now.AddMinutes(5);

        await table.UpdateIAmAliveAsync(entry, Cancel);

        var data = await table.ReadAllAsync(Cancel);
        Assert.Equal(1, data.Version.Version);
        var (stored, _) = Assert.Single(data.Members);
        Assert.Equal(entry.IAmAliveTime, stored.IAmAliveTime, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Clients_see_the_gateways_of_active_silos_only()
    {
        var table = await TableAsync("c6");
        foreach (var (index, status) in new[] { (1, SiloStatus.Active), (2, SiloStatus.Joining), (3, SiloStatus.Dead), (4, SiloStatus.Active) })
        {
            var entry = Entry(index);
            entry.Status = status;
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        }

        var gateways = Gateways("c6");
        await gateways.InitializeGatewayListProvider();

        Assert.Equal(
            [Gateway(1), Gateway(4)],
            (await gateways.GetGateways()).Select(uri => uri.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Defunct_cleanup_removes_only_old_dead_rows_of_its_own_cluster()
    {
        var table = await TableAsync("c7");
        var neighbour = await TableAsync("c7-neighbour");
        var old = Now.AddHours(-2);
        await InsertAsync(table, Entry(1, SiloStatus.Dead, old));
        await InsertAsync(table, Entry(2, SiloStatus.Dead, Now));
        await InsertAsync(table, Entry(3, SiloStatus.Active, old));
        await InsertAsync(neighbour, Entry(1, SiloStatus.Dead, old));

        await table.CleanupDefunctSiloEntriesAsync(Now.AddHours(-1), Cancel);

        var kept = Generations(await table.ReadAllAsync(Cancel));
        var neighbours = Generations(await neighbour.ReadAllAsync(Cancel));
        Assert.Equal([2, 3], kept);
        Assert.Equal([1], neighbours);
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_rows_and_no_other()
    {
        var table = await TableAsync("c8");
        var neighbour = await TableAsync("c8-neighbour");
        await InsertAsync(table, Entry(1));
        await InsertAsync(neighbour, Entry(1));

        await table.DeleteMembershipTableEntriesAsync("c8", Cancel);

        // The version row went too: a silo starting again makes a new one.
        await table.InitializeMembershipTableAsync(true, Cancel);
        Assert.Empty((await table.ReadAllAsync(Cancel)).Members);
        Assert.Single((await neighbour.ReadAllAsync(Cancel)).Members);
    }

    private static int[] Generations(MembershipTableData data) =>
        [.. data.Members.Select(m => m.Item1.SiloAddress.Generation).Order()];

    private static async Task InsertAsync(AdoNetClusteringTable table, MembershipEntry entry) =>
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Cancel)).Version.Next(), Cancel));

    // Silo n: 10.77.0.n:11111, generation n, gateway 30000+n.
    private static MembershipEntry Entry(int n, SiloStatus status = SiloStatus.Joining, DateTime? time = null) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Parse($"10.77.0.{n}"), 11111), n),
        Status = status,
        HostName = $"host-{n}",
        SiloName = $"silo-{n}",
        ProxyPort = 30000 + n,
        StartTime = time ?? Now,
        IAmAliveTime = time ?? Now,
    };

    private static string Gateway(int n) => $"gwy.tcp://10.77.0.{n}:{30000 + n}/{n}";

    private async Task<AdoNetClusteringTable> TableAsync(string clusterId)
    {
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "membership-tests" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = _connectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(true, Cancel);
        return table;
    }

    private AdoNetGatewayListProvider Gateways(string clusterId) => new(
        NullLogger<AdoNetGatewayListProvider>.Instance,
        new ServiceCollection().BuildServiceProvider(),
        Options.Create(new AdoNetClusteringClientOptions { Invariant = "Npgsql", ConnectionString = _connectionString }),
        Options.Create(new GatewayOptions()),
        Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "membership-tests" }));
}
