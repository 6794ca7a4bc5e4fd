namespace OrleansCache.Storage;

/// <summary>What a failed statement means for the caller, whichever database sent it.</summary>
public enum DatabaseFailure
{
    /// <summary>The database cannot serve now (unreachable, shutting down, out of connections, locked): a 503.</summary>
    Unavailable,

    /// <summary>Concurrent transactions collided (a serialization failure or deadlock): run the transaction again.</summary>
    Retry,

    /// <summary>A unique key is taken: a 409.</summary>
    Conflict,

    /// <summary>The database refused the statement for another reason (a constraint, a bug): retrying will not help.</summary>
    Refused,
}
