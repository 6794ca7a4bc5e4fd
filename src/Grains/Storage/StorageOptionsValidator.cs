using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OrleansCache.Cluster;

namespace OrleansCache.Storage;

/// <summary>Refuses a provider this build does not know, and a connection string that cannot name its database.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (options.MaxConnections < 1)
        {
            return ValidateOptionsResult.Fail($"Storage:MaxConnections must be at least 1 (was {options.MaxConnections}).");
        }

        if (options.IsPostgres)
        {
            return PostgresConnectionString.Validate(options.ConnectionString, "Storage:ConnectionString");
        }

        if (!string.Equals(options.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail(
                $"Storage:Provider must be '{StorageOptions.Sqlite}' or '{StorageOptions.Postgres}' (was '{options.Provider}').");
        }

        if (options.ConnectionString is { } text && string.IsNullOrWhiteSpace(text))
        {
            return ValidateOptionsResult.Fail("Storage:ConnectionString is empty.");
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString ?? StorageOptions.DefaultSqliteConnectionString);
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
