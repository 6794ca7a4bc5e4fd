using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansCache.Storage;

namespace OrleansCache.Testing;

/// <summary>
/// An empty database of this run's provider (<see cref="TestStorage"/>): a unique SQLite file in the temp folder,
/// deleted on dispose, or a fresh database on the run's private PostgreSQL server (<see cref="PostgresServer"/>),
/// thrown away with the server. It has a side door for reading and editing rows behind the cache's back, as another
/// tool would; statements name their parameters <c>@name</c>, which both drivers accept.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public TestDatabase()
    {
        if (TestStorage.IsPostgres)
        {
            // Fixtures are built synchronously; the server and the database are made on the thread pool meanwhile.
            ConnectionString = Task.Run(async () => await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("cache"))
                .GetAwaiter().GetResult();
            Name = new NpgsqlConnectionStringBuilder(ConnectionString).Database!;
        }
        else
        {
            FilePath = Path.Combine(Path.GetTempPath(), $"orleanscache-test-{Guid.NewGuid():N}.db");
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString();
            Name = Path.GetFileNameWithoutExtension(FilePath);
        }
    }

    /// <summary>True when this is a PostgreSQL database.</summary>
    public static bool IsPostgres => TestStorage.IsPostgres;

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? FilePath { get; }

    /// <summary>A name unique to this database (e.g. for a service id whose grain state must not mix with another's).</summary>
    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The silo configuration that puts its storage here: <c>Storage:Provider</c> and <c>Storage:ConnectionString</c>.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Storage:Provider", TestStorage.Provider),
        new("Storage:ConnectionString", ConnectionString),
    ];

    /// <summary>Storage options for this database, for the product's classes built by hand.</summary>
    public StorageOptions Options(int maxConnections = StorageOptions.DefaultMaxConnections) =>
        new() { Provider = TestStorage.Provider, ConnectionString = ConnectionString, MaxConnections = maxConnections };

    /// <summary>The product's dialect for this database.</summary>
    public SqlDialect CreateDialect(int maxConnections = StorageOptions.DefaultMaxConnections) =>
        IsPostgres ? new PostgresDialect(ConnectionString) : new SqliteDialect(Options(maxConnections));

    /// <summary>Picks the statement for this database where the two dialects differ.</summary>
    public static string Sql(string sqlite, string postgres) => IsPostgres ? postgres : sqlite;

    /// <summary>A timestamp in the API's form (<c>2026-01-01T00:00:00.000Z</c>) as this database's column takes it.</summary>
    public static object Timestamp(string timestamp) =>
        IsPostgres
            ? DateTime.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            : timestamp;

    /// <summary>An open connection to this database.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs one statement directly against the database; returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads one value directly from the database; null for no row or SQL NULL.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    /// <summary>A command on <paramref name="connection"/> with <paramref name="parameters"/> bound.</summary>
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public void Dispose()
    {
        if (FilePath is null)
        {
            // The database goes with the server at the end of the run; its pooled connections close now.
            NpgsqlConnection.ClearAllPools();
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(FilePath + suffix);
        }
    }
}
