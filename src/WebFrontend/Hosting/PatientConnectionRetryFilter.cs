namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// Keeps trying to reach the cluster for as long as the frontend runs (Orleans' default gives up after about three
/// minutes and stops the process), whatever stands in the way: no silo yet, no gateway in the membership table, the
/// membership database unreachable or not yet migrated by a silo. With the hosted services starting together, the
/// frontend answers from the start: 503 with Retry-After until the cluster is reachable, then normally, with no restart.
/// </summary>
internal sealed class PatientConnectionRetryFilter(ClusterConnectionLog log) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempt);

        // The reason in one line, once, not a stack trace per attempt.
        log.Lost(exception.Message);

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
}
