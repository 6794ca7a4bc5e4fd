using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansCache.Storage;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Storage;

/// <summary><c>Storage:MaxConnections</c>: however many sessions are asked for at once, at most that many hold a connection.</summary>
public sealed class ConnectionLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sessions_past_the_limit_wait_for_a_connection_and_all_of_them_run()
    {
        const int Limit = 2;
        const int Sessions = 10;
        using var file = new TestDatabase();
        var options = file.Options(Limit);
        await using var dialect = file.CreateDialect(Limit);
        using var database = new Database(dialect, Options.Create(options), new StatementCounter(), NullLogger<Database>.Instance);

        var inside = 0;
        var most = 0;
        var finished = 0;
        using var release = new SemaphoreSlim(0);
        async Task<int> HoldAsync(DbSession session)
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await release.WaitAsync();
            Interlocked.Decrement(ref inside);
            Interlocked.Increment(ref finished);
            return now;
        }

        var running = Enumerable.Range(0, Sessions)
            .Select(_ => Task.Run(() => database.RunAsync(HoldAsync)))
            .ToList();

        // Let them through one at a time, each time once the limit (or what is left) holds a connection.
        for (var done = 0; done < Sessions; done++)
        {
            var expected = Math.Min(Limit, Sessions - done);
            await Eventually.UntilAsync(
                () => Task.FromResult((Finished: Volatile.Read(ref finished), Inside: Volatile.Read(ref inside))),
                n => n.Finished == done && n.Inside == expected,
                Patience,
                $"{done} sessions finished and {expected} holding a connection");
            release.Release();
        }

        await Task.WhenAll(running);
        Assert.Equal(Limit, most);
        Assert.Equal(Sessions, finished);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_limit_below_1_is_refused_with_the_key_named(int limit)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { MaxConnections = limit });

        Assert.True(result.Failed);
        Assert.Contains("Storage:MaxConnections", result.FailureMessage, StringComparison.Ordinal);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
