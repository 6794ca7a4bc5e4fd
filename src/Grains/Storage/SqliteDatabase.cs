using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCache.Storage;

/// <summary>
/// The one way the silo talks to its database at run time: opens pooled connections, at most
/// <see cref="StorageOptions.MaxConnections"/> at once, sends parameterized statements, counts each one in
/// <see cref="StatementCounter"/>, and turns driver failures into exceptions that carry no SQL or driver text to
/// a client (the driver's error is logged here instead).
/// </summary>
public sealed partial class SqliteDatabase(IOptions<StorageOptions> options, StatementCounter counter, ILogger<SqliteDatabase> logger)
    : IDisposable
{
    private readonly string _connectionString = options.Value.ResolveConnectionString();
    private readonly TimeSpan _readDelay = options.Value.ReadDelay;

    // One slot per connection a session may hold; a session waits for a slot before it opens its connection.
    private readonly SemaphoreSlim _connections = new(options.Value.MaxConnections, options.Value.MaxConnections);

    /// <summary>The statement counter of this silo.</summary>
    public StatementCounter Counter => counter;

    /// <summary>Runs <paramref name="work"/> on one open connection, without a transaction.</summary>
    public async Task<T> RunAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await _connections.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await work(new DbSession(connection, null, counter, _readDelay));
        }
        catch (SqliteException ex)
        {
            throw Translate(ex);
        }
        finally
        {
            _connections.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE): everything it did is committed
    /// together when it returns, and nothing is when it throws.
    /// </summary>
    public async Task<T> RunInTransactionAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await _connections.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(new DbSession(connection, transaction, counter, _readDelay));
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (SqliteException ex)
        {
            throw Translate(ex);
        }
        finally
        {
            _connections.Release();
        }
    }

    /// <summary>
    /// Checks that the database answers a read of the schema table. Not counted in <see cref="StatementCounter"/>:
    /// health probes are not cache traffic, and counting them would blur the figures the stats show. Not held to
    /// <see cref="StorageOptions.MaxConnections"/> either: a probe says whether the database answers, and waiting
    /// behind a flood of lookups would make a busy silo look broken.
    /// </summary>
    public async Task ProbeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM schema_migrations;";
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connections.Dispose();

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private Exception Translate(SqliteException ex)
    {
        LogStatementFailed(logger, ex.SqliteErrorCode, ex);

        // SQLITE_CONSTRAINT: the database refused the data, which retrying will not change.
        return ex.SqliteErrorCode == 19
            ? new InvalidOperationException("The database refused the change: it violates a constraint.")
            : new DatabaseUnavailableException($"The database is unavailable (SQLite error {ex.SqliteErrorCode}).");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A database statement failed with SQLite error {ErrorCode}")]
    private static partial void LogStatementFailed(ILogger logger, int errorCode, Exception exception);
}
