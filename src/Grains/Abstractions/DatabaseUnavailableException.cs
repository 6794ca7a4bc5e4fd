namespace OrleansCache;

/// <summary>
/// The database could not be reached or refused the statement (locked, read-only, missing file).
/// Carries no SQL and no driver details, so it can be shown to a client as a 503.
/// </summary>
[GenerateSerializer, Alias("cache.DatabaseUnavailableException")]
public sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException()
        : this("The database is unavailable.")
    {
    }

    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
