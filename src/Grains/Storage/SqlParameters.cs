using System.Data.Common;

namespace OrleansCache.Storage;

/// <summary>Binds a statement's parameters (<c>@name</c> in the SQL of both dialects).</summary>
public readonly struct SqlParameters(DbCommand command, SqlDialect dialect)
{
    /// <summary>A value of a type both drivers map alike (text, integers, floating point, booleans), or null.</summary>
    public void Add(string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>JSON text for a JSON column, or null.</summary>
    public void AddJson(string name, string? json) => command.Parameters.Add(dialect.JsonParameter(command, name, json));

    /// <summary>A timestamp in the API's form (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>).</summary>
    public void AddTimestamp(string name, string timestamp) => Add(name, dialect.TimestampValue(timestamp));
}
