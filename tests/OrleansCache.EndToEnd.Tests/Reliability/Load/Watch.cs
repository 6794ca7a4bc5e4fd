namespace OrleansCache.EndToEnd.Tests.Reliability.Load;

/// <summary>Polls a figure at a fixed interval until disposed and keeps its highest value (e.g. open database connections during a flood).</summary>
internal sealed class Watch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak = long.MinValue;
    private long _samples;

    public Watch(Func<CancellationToken, Task<long>> read, TimeSpan interval)
    {
        _loop = PollAsync(read, interval);
    }

    /// <summary>The highest value read so far.</summary>
    public long Peak => Interlocked.Read(ref _peak);

    public long Samples => Interlocked.Read(ref _samples);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task PollAsync(Func<CancellationToken, Task<long>> read, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                var value = await read(_stop.Token);
                Interlocked.Increment(ref _samples);
                if (value > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, value);
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
