using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansCache.Cluster;
using OrleansCache.Storage;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Storage;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task Migrating_a_new_file_creates_the_schema_in_wal_mode_and_records_each_step()
    {
        using var database = new TestDatabase();

        await Migrator(database).MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal("wal", await database.ScalarAsync("PRAGMA journal_mode;"));
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'profiles';"));
        Assert.Equal((long)SchemaMigrator.MigrationsOf("sqlite").Count, await database.ScalarAsync("SELECT count(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task Migrating_again_and_concurrently_changes_nothing_and_keeps_the_data()
    {
        using var database = new TestDatabase();
        await Migrator(database).MigrateAsync(TestContext.Current.CancellationToken);
        await database.ExecuteAsync(
            "INSERT INTO profiles (id, name, created_at, updated_at, version) VALUES ('kept', 'n', 'a', 'b', 1);");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator(database).MigrateAsync(CancellationToken.None))));

        Assert.Equal((long)SchemaMigrator.MigrationsOf("sqlite").Count, await database.ScalarAsync("SELECT count(*) FROM schema_migrations;"));
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM profiles;"));
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused_with_the_key_named()
    {
        using var database = new TestDatabase();
        await Migrator(database).MigrateAsync(TestContext.Current.CancellationToken);
        await database.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x');");

        var error = await Assert.ThrowsAsync<StartupRefusedException>(() => Migrator(database).MigrateAsync(CancellationToken.None));
        Assert.StartsWith("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unopenable_path_is_refused_with_the_key_named()
    {
        var migrator = Migrator("Data Source=/proc/no-such-dir/x.db");

        var error = await Assert.ThrowsAsync<StartupRefusedException>(() => migrator.MigrateAsync(CancellationToken.None));
        Assert.StartsWith("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_are_numbered_in_order_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, SchemaMigrator.MigrationsOf("sqlite").Count), SchemaMigrator.MigrationsOf("sqlite").Select(m => m.Version));
    }

    private static SchemaMigrator Migrator(TestDatabase database) => Migrator(database.ConnectionString);

    private static SchemaMigrator Migrator(string connectionString) =>
        new(new SqliteDialect(new StorageOptions { ConnectionString = connectionString }),
            Options.Create(new MembershipDatabaseOptions()),
            NullLogger<SchemaMigrator>.Instance);
}
