using Microsoft.Data.Sqlite;

namespace OrleansCache.Storage;

/// <summary>Where the domain tables (and Orleans' grain state) live. Bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary><see cref="Provider"/> for the embedded default: one SQLite file.</summary>
    public const string Sqlite = "sqlite";

    /// <summary><see cref="Provider"/> for a real cluster: a PostgreSQL database shared by every silo.</summary>
    public const string Postgres = "postgres";

    /// <summary>The default database: a SQLite file under <c>data/</c> in the working directory.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/orleanscache.db";

    /// <summary>The default of <see cref="MaxConnections"/>: far more readers than one database serves faster, far fewer than a flood.</summary>
    public const int DefaultMaxConnections = 32;

    /// <summary>How long a SQLite statement waits for a lock held by another connection before it fails (its busy timeout).</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary><c>sqlite</c> (the default) or <c>postgres</c> (<c>Storage:Provider</c>).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// The ADO.NET connection string (<c>Storage:ConnectionString</c>): Microsoft.Data.Sqlite's for <c>sqlite</c>
    /// (default <see cref="DefaultSqliteConnectionString"/>), Npgsql's for <c>postgres</c> (required).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The most connections this silo has open to the database at once for its statements
    /// (<c>Storage:MaxConnections</c>, default 32). A statement past it waits, without holding a thread, for one to
    /// be returned: a flood of cache misses (e.g. GETs of random unknown ids) then queues in the silo instead of
    /// opening a connection per request against a slow database.
    /// </summary>
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    /// <summary>True when <see cref="Provider"/> names PostgreSQL.</summary>
    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The SQLite connection string the silo uses: the configured one (or the default) with a busy timeout (unless
    /// one was given) and a full path, so that the file does not depend on where a later statement runs from.
    /// </summary>
    public string ResolveSqliteConnectionString()
    {
        var configured = ConnectionString ?? DefaultSqliteConnectionString;
        var builder = new SqliteConnectionStringBuilder(configured);
        if (!configured.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.DefaultTimeout = (int)DefaultBusyTimeout.TotalSeconds;
        }

        if (builder.Mode != SqliteOpenMode.Memory && !IsSpecialDataSource(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
        }

        return builder.ToString();
    }

    internal static bool IsSpecialDataSource(string dataSource) =>
        dataSource.Length == 0 || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
