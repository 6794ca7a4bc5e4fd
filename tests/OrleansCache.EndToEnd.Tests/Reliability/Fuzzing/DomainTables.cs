using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;

/// <summary>
/// Every column of every row of the domain tables (<c>profiles</c>, <c>models</c>, <c>model_capabilities</c>),
/// read from outside the silo with SQLite, as exact text: values carry their storage class, reals are written
/// round-trip and blobs in hex, so two dumps are equal only when the rows are. Orleans' own tables are left out:
/// they change legitimately while nothing is written through the API (the stats grain persists its counters).
/// </summary>
internal static class DomainTables
{
    public static readonly string[] Names = ["profiles", "models", "model_capabilities"];

    public static string Dump(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var dump = new StringBuilder();
        foreach (var table in Names)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                var row = new StringBuilder();
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    row.Append(reader.GetName(column)).Append('=').Append(Format(reader.GetValue(column))).Append(" | ");
                }

                rows.Add(row.ToString());
            }

            rows.Sort(StringComparer.Ordinal);
            dump.Append(CultureInfo.InvariantCulture, $"# {table}: {rows.Count} rows\n");
            foreach (var row in rows)
            {
                dump.Append(row).Append('\n');
            }
        }

        return dump.ToString();
    }

    /// <summary>The first line where two dumps differ, with its neighbour, for a failure message.</summary>
    public static string FirstDifference(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(none)";
            var right = i < b.Length ? b[i] : "(none)";
            if (left != right)
            {
                return $"line {i + 1}:\n  before: {left}\n  after:  {right}";
            }
        }

        return "no difference";
    }

    private static string Format(object value) => value switch
    {
        DBNull => "NULL",
        long integer => "int:" + integer.ToString(CultureInfo.InvariantCulture),
        double real => "real:" + real.ToString("R", CultureInfo.InvariantCulture),
        string text => "text:" + Escape(text),
        byte[] blob => "blob:" + Convert.ToHexString(blob),
        _ => value.GetType().Name + ":" + Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            escaped.Append(c is < ' ' or '"' or '\\' or '|' || char.IsSurrogate(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : c.ToString());
        }

        return escaped.Append('"').ToString();
    }
}
