using System.Data.Common;

namespace OrleansCache.Storage;

/// <summary>The current row of a query, read the same way from either database.</summary>
public readonly struct SqlRow(DbDataReader reader, SqlDialect dialect)
{
    public string GetString(int ordinal) => reader.GetString(ordinal);

    public string? GetNullableString(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public long GetInt64(int ordinal) => reader.GetInt64(ordinal);

    public long? GetNullableInt64(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public int? GetNullableInt32(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public double? GetNullableDouble(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public bool GetBoolean(int ordinal) => reader.GetBoolean(ordinal);

    /// <summary>A timestamp in the API's form (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>).</summary>
    public string GetTimestamp(int ordinal) => dialect.ReadTimestamp(reader, ordinal);
}
