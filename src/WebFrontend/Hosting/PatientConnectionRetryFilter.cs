namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// Keeps trying to reach the cluster for as long as the frontend runs (Orleans' default gives up after about three
/// minutes and stops the process), whatever stands in the way: no silo yet, no gateway in the membership table, the
/// membership database unreachable or not yet migrated by a silo. With the hosted services starting together, the
/// frontend answers from the start: 503 with Retry-After until the cluster is reachable, then normally, with no restart.
/// </summary>
internal sealed partial class PatientConnectionRetryFilter(ILogger<PatientConnectionRetryFilter> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempt);
        if (attempt == 1 || attempt % 10 == 0)
        {
            // The reason in one line, not a stack trace per attempt.
            LogWaiting(logger, attempt, exception.GetType().Name, exception.Message);
        }

        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 250 * attempt)), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !cancellationToken.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster is not reachable yet (attempt {Attempt}: {Reason}: {Detail}); the API answers 503 until it is")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason, string detail);
}
