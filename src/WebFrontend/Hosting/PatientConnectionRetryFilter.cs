using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// Keeps trying to reach a gateway for as long as the frontend runs (the default gives up after about three
/// minutes and stops the process). With the hosted services starting together, the frontend answers from the
/// start: 503 with Retry-After until a silo is up, then normally, with no restart.
/// </summary>
internal sealed partial class PatientConnectionRetryFilter(ILogger<PatientConnectionRetryFilter> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (OrleansMessageRejectionException or ConnectionFailedException or SiloUnavailableException))
        {
            return false;
        }

        var attempt = Interlocked.Increment(ref _attempt);
        if (attempt == 1 || attempt % 10 == 0)
        {
            LogWaiting(logger, attempt);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 250 * attempt)), cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo gateway answers yet (attempt {Attempt}); the API answers 503 until one does")]
    private static partial void LogWaiting(ILogger logger, int attempt);
}
