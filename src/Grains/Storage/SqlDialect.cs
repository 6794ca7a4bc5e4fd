using System.Data.Common;

namespace OrleansCache.Storage;

/// <summary>
/// What differs between the two databases the silo can use, in one place: how to connect, the few SQL fragments
/// that are not standard, how values without a common ADO.NET mapping (JSON text, timestamps) are bound and read,
/// how a transaction that writes begins, how a driver failure is classified, and which migrations apply. The
/// stores and <see cref="Database"/> are written once against it.
/// </summary>
public abstract class SqlDialect : IAsyncDisposable
{
    /// <summary>The provider's name in configuration (<c>sqlite</c>, <c>postgres</c>), also the folder of its migrations.</summary>
    public abstract string Name { get; }

    /// <summary>Where connections come from (the driver's pool).</summary>
    public abstract DbDataSource DataSource { get; }

    /// <summary>The connection string, for Orleans' ADO.NET providers on the same database.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Orleans' ADO.NET invariant name for this driver.</summary>
    public abstract string OrleansInvariant { get; }

    /// <summary>
    /// True when the driver's asynchronous methods block the calling thread while they work (Microsoft.Data.Sqlite):
    /// <see cref="Database"/> then runs statements on the thread pool, so a grain's scheduler never waits on the disk.
    /// </summary>
    public abstract bool BlocksWhileWorking { get; }

    /// <summary>
    /// The <c>db.system</c> of the spans <see cref="StatementTracing"/> makes around statements, or null when the driver
    /// traces its statements itself (Npgsql) and a second span would only double them.
    /// </summary>
    public virtual string? StatementSpanSystem => null;

    /// <summary>A condition: <paramref name="lowerCaseText"/> contains the text of <paramref name="parameter"/>.</summary>
    public abstract string Contains(string lowerCaseText, string parameter);

    /// <summary>A condition: <paramref name="text"/> has a character outside printable ASCII.</summary>
    public abstract string HasNonAsciiCharacter(string text);

    /// <summary>A table source with one text column <c>value</c>: the elements of the JSON array in <paramref name="parameter"/>.</summary>
    public abstract string JsonArrayElements(string parameter);

    /// <summary>A parameter holding JSON text, typed so that a JSON column takes it.</summary>
    public abstract DbParameter JsonParameter(DbCommand command, string name, string? json);

    /// <summary>The value to bind for a timestamp in the API's form (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>).</summary>
    public abstract object TimestampValue(string timestamp);

    /// <summary>A stored timestamp in the API's form.</summary>
    public abstract string ReadTimestamp(DbDataReader reader, int ordinal);

    /// <summary>Begins a transaction that will write, isolated so that concurrent writers cannot interleave.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>What a driver failure means for the caller.</summary>
    public abstract DatabaseFailure Classify(DbException exception);

    /// <summary>The driver's error code of <paramref name="exception"/>, for the log.</summary>
    public abstract string ErrorCode(DbException exception);

    /// <summary>Readies the database for its first connection (a SQLite file's folder, its journal mode).</summary>
    public abstract Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>The DDL of the table that records applied migrations.</summary>
    public abstract string MigrationHistoryTable { get; }

    /// <summary>
    /// Begins a migration step's transaction holding the migration lock: every other silo that migrates the same
    /// database at the same moment waits until it ends, and then sees what it committed.
    /// </summary>
    public abstract ValueTask<DbTransaction> BeginMigrationTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return DataSource.DisposeAsync();
    }
}
