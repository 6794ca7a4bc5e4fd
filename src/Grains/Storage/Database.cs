using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCache.Storage;

/// <summary>
/// The one way the silo talks to its database at run time, whichever it is (<see cref="SqlDialect"/>): lends
/// pooled connections, at most <see cref="StorageOptions.MaxConnections"/> at once, sends parameterized statements,
/// counts each one in <see cref="StatementCounter"/>, runs a transaction again when it collided with another, and
/// turns driver failures into exceptions that carry no SQL or driver text to a client (the driver's error is
/// logged here instead). With a driver that blocks while it works, statements run on the thread pool, so no
/// caller (a grain's scheduler above all) waits on the disk.
/// </summary>
public sealed partial class Database(SqlDialect dialect, IOptions<StorageOptions> options, StatementCounter counter, ILogger<Database> logger)
    : IDisposable
{
    // A transaction that lost a serialization conflict runs again, at most this many times in all.
    private const int MaxTransactionAttempts = 5;

    // One slot per connection a session may hold; a session waits for a slot before it opens its connection.
    private readonly SemaphoreSlim _connections = new(options.Value.MaxConnections, options.Value.MaxConnections);

    /// <summary>The database's dialect.</summary>
    public SqlDialect Dialect => dialect;

    /// <summary>The statement counter of this silo.</summary>
    public StatementCounter Counter => counter;

    /// <summary>Runs <paramref name="work"/> on one open connection, without a transaction.</summary>
    public Task<T> RunAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken = default) =>
        dialect.BlocksWhileWorking
            ? Task.Run(() => RunCoreAsync(work, transactional: false, cancellationToken), cancellationToken)
            : RunCoreAsync(work, transactional: false, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction: everything it did is committed together when it
    /// returns, and nothing is when it throws. When the database aborts it for colliding with a concurrent
    /// transaction, it runs again from the start.
    /// </summary>
    public Task<T> RunInTransactionAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken = default) =>
        dialect.BlocksWhileWorking
            ? Task.Run(() => RunCoreAsync(work, transactional: true, cancellationToken), cancellationToken)
            : RunCoreAsync(work, transactional: true, cancellationToken);

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
            await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM schema_migrations;";
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            throw Translate(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connections.Dispose();

    private async Task<T> RunCoreAsync<T>(Func<DbSession, Task<T>> work, bool transactional, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await _connections.WaitAsync(cancellationToken);
            try
            {
                await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
                if (!transactional)
                {
                    return await work(new DbSession(connection, null, counter, dialect));
                }

                await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
                var result = await work(new DbSession(connection, transaction, counter, dialect));
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (DbException ex) when (transactional && attempt < MaxTransactionAttempts && dialect.Classify(ex) == DatabaseFailure.Retry)
            {
                LogTransactionRetried(logger, attempt, ex);
            }
            catch (DbException ex)
            {
                throw Translate(ex);
            }
            finally
            {
                _connections.Release();
            }
        }
    }

    private Exception Translate(DbException ex)
    {
        var failure = dialect.Classify(ex);
        LogStatementFailed(logger, dialect.ErrorCode(ex), failure, ex);
        return failure switch
        {
            DatabaseFailure.Conflict => new DatabaseConflictException("The database refused the change: the key is taken."),
            DatabaseFailure.Refused => new InvalidOperationException("The database refused the statement."),
            _ => new DatabaseUnavailableException("The database is unavailable."),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A database statement failed ({ErrorCode}, {Failure})")]
    private static partial void LogStatementFailed(ILogger logger, string errorCode, DatabaseFailure failure, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "A transaction collided with a concurrent one; running it again (attempt {Attempt})")]
    private static partial void LogTransactionRetried(ILogger logger, int attempt, Exception exception);
}
