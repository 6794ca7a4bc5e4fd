namespace OrleansCache.Testing;

/// <summary>Awaits a condition that becomes true by itself (a deactivation, a process start), instead of sleeping.</summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout} for {what}; last value: {value}");
            }

            await Task.Delay(50);
        }
    }
}
