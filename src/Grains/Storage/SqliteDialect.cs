using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrleansCache.Storage;

/// <summary>The embedded default: one SQLite file in WAL mode, through Microsoft.Data.Sqlite.</summary>
public sealed class SqliteDialect : SqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private readonly DbDataSource _dataSource;

    public SqliteDialect(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConnectionString = options.ResolveSqliteConnectionString();
        _dataSource = SqliteFactory.Instance.CreateDataSource(ConnectionString);
    }

    public override string Name => StorageOptions.Sqlite;

    public override DbDataSource DataSource => _dataSource;

    public override string ConnectionString { get; }

    public override string OrleansInvariant => "System.Data.SQLite"; // Orleans' name for Microsoft.Data.Sqlite

    public override bool BlocksWhileWorking => true;

    // Microsoft.Data.Sqlite has no ActivitySource of its own.
    public override string? StatementSpanSystem => "sqlite";

    // SQLite's lower() folds ASCII only; callers test the rows that come back exactly.
    public override string Contains(string lowerCaseText, string parameter) => $"instr({lowerCaseText}, {parameter}) > 0";

    public override string HasNonAsciiCharacter(string text) => $"{text} GLOB '*[^ -~]*'";

    public override string JsonArrayElements(string parameter) => $"json_each({parameter})";

    public override DbParameter JsonParameter(DbCommand command, string name, string? json) =>
        new SqliteParameter(name, (object?)json ?? DBNull.Value);

    // Stored as fixed-width UTC text, so text order is time order.
    public override object TimestampValue(string timestamp) => timestamp;

    public override string ReadTimestamp(DbDataReader reader, int ordinal) => reader.GetString(ordinal);

    // BEGIN IMMEDIATE: the write lock is taken at once, so two writers never both read before either writes.
    public override ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override DatabaseFailure Classify(DbException exception) => exception switch
    {
        SqliteException { SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique } => DatabaseFailure.Conflict,
        SqliteException { SqliteErrorCode: SqliteConstraint } => DatabaseFailure.Refused,
        _ => DatabaseFailure.Unavailable,
    };

    public override string ErrorCode(DbException exception) =>
        exception is SqliteException sqlite ? $"SQLite {sqlite.SqliteErrorCode}/{sqlite.SqliteExtendedErrorCode}" : exception.GetType().Name;

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !StorageOptions.IsSpecialDataSource(builder.DataSource))
        {
            var directory = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        // WAL lets readers run while a write commits; the mode is stored in the file.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override string MigrationHistoryTable => """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at TEXT    NOT NULL
        ) STRICT;
        """;

    // BEGIN IMMEDIATE holds the file's write lock from the start.
    public override ValueTask<DbTransaction> BeginMigrationTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginWriteTransactionAsync(connection, cancellationToken);
}
