namespace OrleansCache;

/// <summary>
/// The database refused a change because a unique key is taken. Carries no SQL and no driver details, so it can be
/// shown to a client as a 409.
/// </summary>
[GenerateSerializer, Alias("cache.DatabaseConflictException")]
public sealed class DatabaseConflictException : Exception
{
    public DatabaseConflictException()
        : this("The key is taken.")
    {
    }

    public DatabaseConflictException(string message)
        : base(message)
    {
    }

    public DatabaseConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
