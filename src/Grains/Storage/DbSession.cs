using Microsoft.Data.Sqlite;

namespace OrleansCache.Storage;

/// <summary>An open connection (and transaction, if any) lent by <see cref="SqliteDatabase"/>; every statement is counted.</summary>
public readonly struct DbSession
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction? _transaction;
    private readonly StatementCounter _counter;
    private readonly TimeSpan _readDelay;

    internal DbSession(SqliteConnection connection, SqliteTransaction? transaction, StatementCounter counter, TimeSpan readDelay)
    {
        _connection = connection;
        _transaction = transaction;
        _counter = counter;
        _readDelay = readDelay;
    }

    /// <summary>Sends one SELECT and maps its first row, or returns default when it has none.</summary>
    public async Task<T?> QueryFirstAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> map)
    {
        await using var command = Create(sql, bind);
        _counter.CountRead();
        T? row;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            row = await reader.ReadAsync() ? map(reader) : default;
        }

        await DelayReadAsync();
        return row;
    }

    /// <summary>Sends one SELECT and maps every row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> map)
    {
        await using var command = Create(sql, bind);
        _counter.CountRead();
        var rows = new List<T>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(map(reader));
            }
        }

        await DelayReadAsync();
        return rows;
    }

    /// <summary>Sends one INSERT, UPDATE or DELETE and returns the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind)
    {
        await using var command = Create(sql, bind);
        _counter.CountWrite();
        return await command.ExecuteNonQueryAsync();
    }

    // Storage:ReadDelay: the rows are read at once, then handed back late, as over a slow link. Reads inside a
    // write transaction are not delayed, so a test can commit a write while a slow read is still on its way.
    private Task DelayReadAsync() =>
        _readDelay > TimeSpan.Zero && _transaction is null ? Task.Delay(_readDelay) : Task.CompletedTask;

    private SqliteCommand Create(string sql, Action<SqliteParameterCollection> bind)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        bind(command.Parameters);
        return command;
    }
}
