using System.Data.Common;
using System.Diagnostics;

namespace OrleansCache.Storage;

/// <summary>
/// An open connection (and transaction, if any) lent by <see cref="Database"/>; every statement is counted, and
/// traced as one span when tracing is on (<see cref="StatementTracing"/>).
/// </summary>
public readonly struct DbSession
{
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly StatementCounter _counter;

    internal DbSession(DbConnection connection, DbTransaction? transaction, StatementCounter counter, SqlDialect dialect)
    {
        _connection = connection;
        _transaction = transaction;
        _counter = counter;
        Dialect = dialect;
    }

    /// <summary>The database's dialect, for the few SQL fragments that differ.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>Sends one SELECT and maps its first row, or returns default when it has none.</summary>
    public async Task<T?> QueryFirstAsync<T>(string sql, Action<SqlParameters> bind, Func<SqlRow, T> map)
    {
        await using var command = Create(sql, bind);
        _counter.CountRead();
        var started = Stopwatch.GetTimestamp();
        using var span = StatementTracing.Start(sql, Dialect);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? map(new SqlRow(reader, Dialect)) : default;
        }
        catch (Exception ex)
        {
            StatementTracing.Fail(span, ex);
            throw;
        }
        finally
        {
            _counter.Measure(write: false, started);
        }
    }

    /// <summary>Sends one SELECT and maps every row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Action<SqlParameters> bind, Func<SqlRow, T> map)
    {
        await using var command = Create(sql, bind);
        _counter.CountRead();
        var started = Stopwatch.GetTimestamp();
        using var span = StatementTracing.Start(sql, Dialect);
        try
        {
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync();
            var row = new SqlRow(reader, Dialect);
            while (await reader.ReadAsync())
            {
                rows.Add(map(row));
            }

            return rows;
        }
        catch (Exception ex)
        {
            StatementTracing.Fail(span, ex);
            throw;
        }
        finally
        {
            _counter.Measure(write: false, started);
        }
    }

    /// <summary>Sends one INSERT, UPDATE or DELETE and returns the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, Action<SqlParameters> bind)
    {
        await using var command = Create(sql, bind);
        _counter.CountWrite();
        var started = Stopwatch.GetTimestamp();
        using var span = StatementTracing.Start(sql, Dialect);
        try
        {
            return await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex)
        {
            StatementTracing.Fail(span, ex);
            throw;
        }
        finally
        {
            _counter.Measure(write: true, started);
        }
    }

    private DbCommand Create(string sql, Action<SqlParameters> bind)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        bind(new SqlParameters(command, Dialect));
        return command;
    }
}
