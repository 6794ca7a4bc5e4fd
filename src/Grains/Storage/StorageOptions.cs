using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OrleansCache.Storage;

/// <summary>Where the domain tables live. Bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>The default database: a SQLite file under <c>data/</c> in the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=data/orleanscache.db";

    /// <summary>The default of <see cref="MaxConnections"/>: far more readers than a local SQLite file serves faster, far fewer than a flood.</summary>
    public const int DefaultMaxConnections = 32;

    /// <summary>How long a statement waits for a lock held by another connection before it fails (SQLite busy timeout).</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>An ADO.NET connection string for Microsoft.Data.Sqlite (<c>Storage:ConnectionString</c>).</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>
    /// The most connections this silo has open to the database at once for its statements
    /// (<c>Storage:MaxConnections</c>, default 32). A statement past it waits, without holding a thread, for one to
    /// be returned: a flood of cache misses (e.g. GETs of random unknown ids) then queues in the silo instead of
    /// opening a connection per request, each with its file handles and page cache, against a slow database.
    /// </summary>
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    /// <summary>
    /// A fixed delay added to every read outside a write transaction (<c>Storage:ReadDelay</c>, default none):
    /// fault injection for tests and benchmarks that need a slow database. Leave it unset in production.
    /// </summary>
    public TimeSpan ReadDelay { get; set; }

    /// <summary>
    /// The connection string the silo uses: the configured one with a busy timeout (unless one was given)
    /// and a full path, so that the file does not depend on where a later statement runs from.
    /// </summary>
    public string ResolveConnectionString()
    {
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        if (!ConnectionString.Contains("timeout", StringComparison.OrdinalIgnoreCase))
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

/// <summary>Refuses a connection string that cannot name a SQLite database.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (options.ReadDelay < TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"Storage:ReadDelay must not be negative (was {options.ReadDelay}).");
        }

        if (options.MaxConnections < 1)
        {
            return ValidateOptionsResult.Fail($"Storage:MaxConnections must be at least 1 (was {options.MaxConnections}).");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("Storage:ConnectionString is empty.");
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                return ValidateOptionsResult.Fail("Storage:ConnectionString names no Data Source.");
            }
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Storage:ConnectionString is not a valid SQLite connection string: {ex.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
