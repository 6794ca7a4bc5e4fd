using System.Diagnostics;

namespace OrleansCache.EndToEnd.Tests.Reliability.Load;

/// <summary>
/// Open-loop load: starts request <c>i</c> at <c>i / rate</c> seconds after the start, whatever the earlier ones
/// are doing, with at most <c>maxInFlight</c> unanswered at once (past that a start waits, and the run falls
/// behind its schedule rather than piling up requests). Also a closed-loop flood: a fixed number of requests by a
/// fixed number of workers, each sending its next as soon as its last was answered.
/// </summary>
internal static class SteadyLoad
{
    /// <summary>What a run did: how many requests it started and how far behind its schedule it fell at most.</summary>
    public sealed record Run(long Started, TimeSpan Elapsed, TimeSpan WorstLag)
    {
        public double Rate => Started / Elapsed.TotalSeconds;

        public override string ToString() =>
            $"{Started} requests in {Elapsed.TotalSeconds:0.0} s ({Rate:0} per s), at most {WorstLag.TotalMilliseconds:0} ms behind schedule";
    }

    /// <summary>
    /// Starts <paramref name="send"/>(<c>i</c>) for <c>i</c> = 0, 1, … at <paramref name="perSecond"/> a second
    /// for <paramref name="duration"/>, then waits for every one to finish. <paramref name="send"/> must not throw:
    /// it records its own outcome.
    /// </summary>
    public static async Task<Run> AtRateAsync(
        double perSecond, TimeSpan duration, int maxInFlight, Func<long, Task> send, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(maxInFlight);
        var running = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        var worstLag = TimeSpan.Zero;
        long i = 0;
        for (; ; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            if (due >= duration)
            {
                break;
            }

            // Pacing: wait for this request's slot in the schedule.
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await slots.WaitAsync(cancellationToken);
            var lag = Stopwatch.GetElapsedTime(started) - due;
            if (lag > worstLag)
            {
                worstLag = lag;
            }

            running.Add(SendAndReleaseAsync(send, i, slots));
            if (running.Count >= 4096)
            {
                running.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(running);
        return new Run(i, Stopwatch.GetElapsedTime(started), worstLag);
    }

    /// <summary>Sends <paramref name="count"/> requests from <paramref name="workers"/> workers, each one after the last answered.</summary>
    public static async Task<Run> FloodAsync(long count, int workers, Func<long, Task> send, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await send(i);
            }
        }));
        return new Run(count, Stopwatch.GetElapsedTime(started), TimeSpan.Zero);
    }

    private static async Task SendAndReleaseAsync(Func<long, Task> send, long i, SemaphoreSlim slots)
    {
        try
        {
            await send(i);
        }
        finally
        {
            slots.Release();
        }
    }
}
