using System.Data;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace OrleansCache.Storage;

/// <summary>A PostgreSQL database shared by every silo of a cluster, through Npgsql.</summary>
public sealed class PostgresDialect : SqlDialect
{
    // Any fixed number: pg_advisory_xact_lock(key) serializes the silos that migrate one database at once.
    private const long MigrationLockKey = 0x4f726c65616e73; // "Orleans"

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDialect(string connectionString)
    {
        ConnectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public override string Name => StorageOptions.Postgres;

    public override DbDataSource DataSource => _dataSource;

    public override string ConnectionString { get; }

    public override string OrleansInvariant => "Npgsql";

    public override bool BlocksWhileWorking => false;

    public override string Contains(string lowerCaseText, string parameter) => $"strpos({lowerCaseText}, {parameter}) > 0";

    public override string HasNonAsciiCharacter(string text) => $"({text}) ~ '[^ -~]'";

    public override string JsonArrayElements(string parameter) => $"json_array_elements_text(CAST({parameter} AS json)) AS elements(value)";

    public override DbParameter JsonParameter(DbCommand command, string name, string? json) =>
        new NpgsqlParameter(name, NpgsqlDbType.Json) { Value = (object?)json ?? DBNull.Value };

    public override object TimestampValue(string timestamp) => Timestamps.Parse(timestamp);

    public override string ReadTimestamp(DbDataReader reader, int ordinal) => Timestamps.ToText(reader.GetFieldValue<DateTime>(ordinal));

    // Serializable: two transactions that would interleave badly fail with 40001 instead, and Database runs the
    // loser again.
    public override async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);

    public override DatabaseFailure Classify(DbException exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => DatabaseFailure.Conflict,
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => DatabaseFailure.Retry,
        PostgresException postgres when IsUnavailable(postgres.SqlState) => DatabaseFailure.Unavailable,
        PostgresException => DatabaseFailure.Refused,

        // Npgsql's own failures: the server could not be reached, a connection broke, a timeout, no free connection.
        _ => DatabaseFailure.Unavailable,
    };

    public override string ErrorCode(DbException exception) =>
        exception is PostgresException postgres ? $"PostgreSQL {postgres.SqlState}" : $"Npgsql {exception.GetType().Name}";

    public override Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override string MigrationHistoryTable => """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    // Read committed, not serializable: a serializable snapshot would be taken when the lock is asked for, and a silo
    // that waited for it would not see the steps the holder committed meanwhile (and fail on them). Each statement
    // after the lock sees everything committed before it.
    public override async ValueTask<DbTransaction> BeginMigrationTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({MigrationLockKey});";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    // Connection exceptions (08), insufficient resources (53, e.g. too many clients), operator intervention
    // (57, e.g. the server shutting down), system errors (58), and a database or role that does not exist (3D, 28).
    private static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState.StartsWith("57", StringComparison.Ordinal)
        || sqlState.StartsWith("58", StringComparison.Ordinal)
        || sqlState.StartsWith("3D", StringComparison.Ordinal)
        || sqlState.StartsWith("28", StringComparison.Ordinal);
}
