using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansCache.Cluster;

/// <summary>Checks an Npgsql connection string given under a configuration key.</summary>
public static class PostgresConnectionString
{
    /// <summary>Success when <paramref name="connectionString"/> parses and names a host; otherwise a failure naming <paramref name="key"/>.</summary>
    public static ValidateOptionsResult Validate(string? connectionString, string key)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{key} is required for PostgreSQL: an Npgsql connection string such as Host=db;Database=orleanscache;Username=orleans.");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host)
                ? ValidateOptionsResult.Fail($"{key} names no Host.")
                : ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            // The message names the part that is wrong, never the password.
            return ValidateOptionsResult.Fail($"{key} is not a valid Npgsql connection string: {ex.Message}");
        }
    }

    /// <summary>The host the connection string names (for the rule that cluster traffic beyond loopback needs TLS).</summary>
    public static string? Host(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Host;
}
