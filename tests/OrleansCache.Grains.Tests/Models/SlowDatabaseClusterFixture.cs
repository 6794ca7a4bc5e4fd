using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Models;

/// <summary>
/// A cluster on a slow database (<see cref="SlowReadDialect"/>: rows are read at once but handed back late), so that a
/// load can still be in flight while other calls run: the situations the reentrant caches are built for.
/// </summary>
public sealed class SlowDatabaseClusterFixture : ClusterFixture
{
    public static readonly TimeSpan SlowReads = TimeSpan.FromMilliseconds(500);

    protected override TimeSpan? ReadDelay => SlowReads;

    /// <summary>Waits until the silos have sent more reads than <paramref name="before"/>: a load has started.</summary>
    public Task WaitForReadAsync(long before) => Eventually.UntilAsync(
        () => Task.FromResult(DatabaseStatements().Reads),
        reads => reads > before,
        TimeSpan.FromSeconds(30),
        "a database read to start");
}
