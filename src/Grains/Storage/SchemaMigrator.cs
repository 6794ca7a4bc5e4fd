using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansCache.Cluster;

namespace OrleansCache.Storage;

/// <summary>
/// Creates and migrates the database once when a silo starts, before any grain runs (and the membership database,
/// when the cluster keeps its membership in another PostgreSQL database). Each migration runs in its own
/// transaction and is recorded in <c>schema_migrations</c>; the transaction first takes the database's migration
/// lock (SQLite's write lock, a PostgreSQL advisory lock), so a step is applied once even when several silos start
/// together on one database, and running it again is a no-op.
/// </summary>
public sealed partial class SchemaMigrator(SqlDialect dialect, IOptions<MembershipDatabaseOptions> membership, ILogger<SchemaMigrator> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private const string ResourcePrefix = "OrleansCache.Migrations.";

    private readonly Lock _gate = new();
    private Task? _migrated;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrator), ServiceLifecycleStage.RuntimeInitialize, MigrateAsync);

    /// <summary>The migrations this build knows for <paramref name="dialectName"/>, in order.</summary>
    public static IReadOnlyList<Migration> MigrationsOf(string dialectName) => LoadEmbeddedMigrations(dialectName);

    /// <summary>
    /// Brings the storage database, and a separate membership database, to the newest schema this build knows; once
    /// per silo: the host may call it before the silo starts (to refuse an unusable database in one line), and the
    /// silo's start then finds it done. A failed attempt is not remembered.
    /// </summary>
    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_migrated is null || _migrated.IsFaulted || _migrated.IsCanceled)
            {
                _migrated = MigrateAllAsync(cancellationToken);
            }

            return _migrated;
        }
    }

    private async Task MigrateAllAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(dialect, "Storage:ConnectionString", cancellationToken);
        if (membership.Value.ConnectionString is { } membershipDatabase && !SamePostgresDatabase(membershipDatabase, dialect))
        {
            await using var other = new PostgresDialect(membershipDatabase);
            await MigrateAsync(other, MembershipDatabaseOptions.ConnectionStringKey, cancellationToken);
        }
    }

    private async Task MigrateAsync(SqlDialect target, string key, CancellationToken cancellationToken)
    {
        try
        {
            await target.PrepareAsync(cancellationToken);
            await using var connection = await target.DataSource.OpenConnectionAsync(cancellationToken);
            await InLockedTransactionAsync(connection, target, async transaction =>
            {
                await ExecuteAsync(connection, transaction, target.MigrationHistoryTable, cancellationToken);
                return true;
            }, cancellationToken);

            foreach (var migration in MigrationsOf(target.Name))
            {
                var applied = await InLockedTransactionAsync(connection, target, async transaction =>
                {
                    if (await IsAppliedAsync(connection, transaction, migration.Version, cancellationToken))
                    {
                        return false;
                    }

                    await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                    await using var record = connection.CreateCommand();
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @appliedAt);";
                    AddParameter(record, "@version", migration.Version);
                    AddParameter(record, "@name", migration.Name);
                    AddParameter(record, "@appliedAt", target.TimestampValue(Timestamps.ToText(DateTimeOffset.UtcNow)));
                    await record.ExecuteNonQueryAsync(cancellationToken);
                    return true;
                }, cancellationToken);
                if (applied)
                {
                    LogApplied(logger, target.Name, migration.Version, migration.Name);
                }
            }

            var newest = await NewestAppliedAsync(connection, cancellationToken);
            var known = MigrationsOf(target.Name) is { Count: > 0 } all ? all[^1].Version : 0;
            if (newest > known)
            {
                throw new StartupRefusedException($"{key}: the database has schema version {newest}, newer than this build knows ({known}).");
            }
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException)
        {
            // One line that names the key; the driver's message says what is wrong (never the password).
            throw new StartupRefusedException($"{key}: cannot open or migrate the {target.Name} database: {ex.Message}", ex);
        }
    }

    private static async Task<T> InLockedTransactionAsync<T>(
        DbConnection connection, SqlDialect target, Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await target.BeginMigrationTransactionAsync(connection, cancellationToken);
        var result = await work(transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static bool SamePostgresDatabase(string connectionString, SqlDialect storage)
    {
        if (storage is not PostgresDialect)
        {
            return false;
        }

        var a = new NpgsqlConnectionStringBuilder(connectionString);
        var b = new NpgsqlConnectionStringBuilder(storage.ConnectionString);
        return string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port
            && string.Equals(a.Database ?? a.Username, b.Database ?? b.Username, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction transaction, int version, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM schema_migrations WHERE version = @version;";
        AddParameter(command, "@version", version);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task<long> NewestAppliedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static List<Migration> LoadEmbeddedMigrations(string dialectName)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{ResourcePrefix}{dialectName}.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[prefix.Length..^".sql".Length];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture);
            migrations.Add(new Migration(version, fileName[(separator + 1)..], ReadResource(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Dialect} schema migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, string dialect, int version, string name);
}
