namespace OrleansCache.Caching;

/// <summary>How the cluster waits for a frontend that holds a lease.</summary>
public static class NearLeases
{
    /// <summary>
    /// Awaits <paramref name="confirmation"/> (a frontend's answer to an invalidation) until <paramref name="leaseEnd"/>.
    /// A frontend that does not answer in time, or cannot be reached, may still be answering from memory: it is
    /// waited out until its lease ends, and then it no longer can.
    /// </summary>
    public static async Task ConfirmAsync(Task confirmation, DateTimeOffset leaseEnd, TimeProvider clock)
    {
        var left = leaseEnd - clock.GetUtcNow();
        try
        {
            if (left > TimeSpan.Zero)
            {
                await confirmation.WaitAsync(left, clock);
            }

            return;
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or OperationCanceledException)
        {
            // Unreachable or too slow: wait out the rest of its lease. (A late failure of the call is observed here.)
            _ = confirmation.ContinueWith(static call => call.Exception, TaskScheduler.Default);
        }

        await WaitUntilAsync(leaseEnd, clock);
    }

    /// <summary>Waits until <paramref name="time"/> on <paramref name="clock"/>.</summary>
    public static Task WaitUntilAsync(DateTimeOffset time, TimeProvider clock)
    {
        var left = time - clock.GetUtcNow();
        return left > TimeSpan.Zero ? Task.Delay(left, clock) : Task.CompletedTask;
    }
}
