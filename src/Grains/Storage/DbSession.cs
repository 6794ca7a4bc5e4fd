using Microsoft.Data.Sqlite;

namespace OrleansCache.Storage;

/// <summary>An open connection (and transaction, if any) lent by <see cref="SqliteDatabase"/>; every statement is counted.</summary>
public readonly struct DbSession
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction? _transaction;
    private readonly StatementCounter _counter;

    internal DbSession(SqliteConnection connection, SqliteTransaction? transaction, StatementCounter counter)
    {
        _connection = connection;
        _transaction = transaction;
        _counter = counter;
    }

    /// <summary>Sends one SELECT and maps its first row, or returns default when it has none.</summary>
    public async Task<T?> QueryFirstAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> map)
    {
        await using var command = Create(sql, bind);
        _counter.CountRead();
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? map(reader) : default;
    }

    /// <summary>Sends one SELECT and maps every row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> map)
    {
        await using var command = Create(sql, bind);
        _counter.CountRead();
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Sends one INSERT, UPDATE or DELETE and returns the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind)
    {
        await using var command = Create(sql, bind);
        _counter.CountWrite();
        return await command.ExecuteNonQueryAsync();
    }

    private SqliteCommand Create(string sql, Action<SqliteParameterCollection> bind)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        bind(command.Parameters);
        return command;
    }
}
