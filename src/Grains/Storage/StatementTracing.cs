using System.Diagnostics;

namespace OrleansCache.Storage;

/// <summary>
/// One span per statement the silo sends to a database whose driver traces nothing itself (SQLite): kind client,
/// named after the statement's operation (<c>SELECT</c>, <c>INSERT</c>, …), with the OpenTelemetry database
/// attributes <c>db.system</c> / <c>db.system.name</c> and <c>db.operation.name</c>. The statement's text is
/// parameterized and kept out all the same, and so are the parameters' values: a span says which kind of statement
/// ran and how long it took, nothing of the data. PostgreSQL statements are traced by Npgsql's own source
/// (<c>Npgsql</c>, enabled with Npgsql.OpenTelemetry's <c>AddNpgsql()</c>), so this source stays silent for them.
/// With no listener (tracing off) <see cref="Start"/> returns null at the cost of one check.
/// </summary>
public static class StatementTracing
{
    /// <summary>The ActivitySource to enable in a tracer provider.</summary>
    public const string SourceName = "OrleansCache.Storage";

    private static readonly ActivitySource Source = new(SourceName);

    private static readonly System.Buffers.SearchValues<char> Whitespace = System.Buffers.SearchValues.Create(" \t\r\n");

    /// <summary>Starts the span of one statement of <paramref name="sql"/> on <paramref name="dialect"/>'s database, or returns null.</summary>
    internal static Activity? Start(string sql, SqlDialect dialect)
    {
        if (dialect.StatementSpanSystem is not { } system || !Source.HasListeners())
        {
            return null;
        }

        var operation = Operation(sql);
        var activity = Source.StartActivity(operation, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system", system);
            activity.SetTag("db.system.name", system);
            activity.SetTag("db.operation.name", operation);
        }

        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> failed by <paramref name="exception"/> (its type only: driver text can hold SQL).</summary>
    internal static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error);
        activity.SetTag("error.type", exception.GetType().FullName);
    }

    // The statement's first keyword as one of a few constant strings, so naming a span allocates nothing.
    private static string Operation(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        var end = text.IndexOfAny(Whitespace);
        var keyword = end < 0 ? text : text[..end];
        return keyword switch
        {
            _ when keyword.Equals("SELECT", StringComparison.OrdinalIgnoreCase) => "SELECT",
            _ when keyword.Equals("INSERT", StringComparison.OrdinalIgnoreCase) => "INSERT",
            _ when keyword.Equals("UPDATE", StringComparison.OrdinalIgnoreCase) => "UPDATE",
            _ when keyword.Equals("DELETE", StringComparison.OrdinalIgnoreCase) => "DELETE",
            _ when keyword.Equals("WITH", StringComparison.OrdinalIgnoreCase) => "WITH",
            _ => "statement",
        };
    }
}
