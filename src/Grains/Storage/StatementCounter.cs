namespace OrleansCache.Storage;

/// <summary>
/// Counts the statements this silo sent to its database. <see cref="Database"/> is the only code that
/// sends statements at run time, and it counts each one here.
/// </summary>
public sealed class StatementCounter
{
    private long _reads;
    private long _writes;

    /// <summary>Statements that only read (SELECT).</summary>
    public long Reads => Volatile.Read(ref _reads);

    /// <summary>Statements that change data (INSERT, UPDATE, DELETE).</summary>
    public long Writes => Volatile.Read(ref _writes);

    internal void CountRead() => Interlocked.Increment(ref _reads);

    internal void CountWrite() => Interlocked.Increment(ref _writes);
}
