using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansCache.Cluster;
using OrleansCache.Storage;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Storage;

public sealed class SchemaMigratorTests
{
    private static readonly long Steps = SchemaMigrator.MigrationsOf(TestStorage.Provider).Count;

    [Fact]
    public async Task Migrating_a_new_database_creates_the_schema_and_records_each_step()
    {
        using var database = new TestDatabase();

        await MigrateAsync(database);

        if (!TestDatabase.IsPostgres)
        {
            Assert.Equal("wal", await database.ScalarAsync("PRAGMA journal_mode;"));
        }

        Assert.Equal(1L, await database.ScalarAsync(TestDatabase.Sql(
            sqlite: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'profiles';",
            postgres: "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'profiles';")));
        Assert.Equal(Steps, await database.ScalarAsync("SELECT count(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task Migrating_again_and_concurrently_changes_nothing_and_keeps_the_data()
    {
        using var database = new TestDatabase();
        await MigrateAsync(database);
        var created = TestDatabase.Timestamp("2026-01-01T00:00:00.000Z");
        await database.ExecuteAsync(
            "INSERT INTO profiles (id, name, created_at, updated_at, version) VALUES ('kept', 'n', @at, @at, 1);", ("@at", created));

        // Several silos starting at once on one database: each runs every step it does not find applied.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => MigrateAsync(database))));

        Assert.Equal(Steps, await database.ScalarAsync("SELECT count(*) FROM schema_migrations;"));
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM profiles;"));
    }

    [Fact]
    public async Task Migrating_a_new_database_from_several_silos_at_once_applies_each_step_once()
    {
        using var database = new TestDatabase();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => MigrateAsync(database))));

        Assert.Equal(Steps, await database.ScalarAsync("SELECT count(DISTINCT version) FROM schema_migrations;"));
        Assert.Equal(Steps, await database.ScalarAsync("SELECT count(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused_with_the_key_named()
    {
        using var database = new TestDatabase();
        await MigrateAsync(database);
        await database.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', @at);",
            ("@at", TestDatabase.Timestamp("2026-01-01T00:00:00.000Z")));

        var error = await Assert.ThrowsAsync<StartupRefusedException>(() => MigrateAsync(database));
        Assert.StartsWith("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unopenable_database_is_refused_with_the_key_named()
    {
        var options = TestDatabase.IsPostgres
            ? new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2" }
            : new StorageOptions { ConnectionString = "Data Source=/proc/no-such-dir/x.db" };
        await using SqlDialect dialect = options.IsPostgres ? new PostgresDialect(options.ConnectionString!) : new SqliteDialect(options);

        var error = await Assert.ThrowsAsync<StartupRefusedException>(() => Migrator(dialect).MigrateAsync(CancellationToken.None));
        Assert.StartsWith("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageOptions.Sqlite)]
    [InlineData(StorageOptions.Postgres)]
    public void Migrations_are_numbered_in_order_without_gaps(string provider)
    {
        var migrations = SchemaMigrator.MigrationsOf(provider);

        Assert.NotEmpty(migrations);
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
    }

    private static async Task MigrateAsync(TestDatabase database)
    {
        await using var dialect = database.CreateDialect();
        await Migrator(dialect).MigrateAsync(CancellationToken.None);
    }

    private static SchemaMigrator Migrator(SqlDialect dialect) =>
        new(dialect, Options.Create(new MembershipDatabaseOptions()), NullLogger<SchemaMigrator>.Instance);
}
