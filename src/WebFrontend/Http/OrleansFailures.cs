using System.Runtime.CompilerServices;
using Orleans.Runtime.Messaging;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// The one place that says what an Orleans failure means for a request. An outage (no connection to the cluster or
/// to the silo that holds the grain, a silo that is gone or overloaded, a call unanswered in time) is a 503 with
/// Retry-After. A rejection that is not an outage (a message Orleans would not forward again, as when an activation
/// ended while calls were queued on it) never ran the grain's method, so the call is simply sent again, a few times,
/// before the request is given up as a 503 too.
/// </summary>
internal static class OrleansFailures
{
    /// <summary>How many times a call is sent in all when Orleans rejects it without an outage.</summary>
    public const int Attempts = 3;

    /// <summary>True when <paramref name="exception"/> says the cluster (or the grain's silo) cannot be reached now.</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        ConnectionFailedException or SiloUnavailableException or GatewayTooBusyException or TimeoutException => true,
        OrleansMessageRejectionException { InnerException: { } inner } => IsOutage(inner),
        _ => false,
    };

    /// <summary>True for a rejection of a message whose method never ran, for a reason other than an outage.</summary>
    public static bool IsRejectionToRetry(Exception exception) =>
        exception is OrleansMessageRejectionException && !IsOutage(exception);

    /// <summary>Calls <paramref name="call"/>, again (up to <see cref="Attempts"/> in all) when Orleans rejects it without an outage.</summary>
    /// <remarks>On the hot read path (GET of a profile): its state machine comes from a pool, so the wrapper allocates nothing per call.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<TResult> CallAsync<TState, TResult>(TState state, Func<TState, ValueTask<TResult>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(state);
            }
            catch (Exception ex) when (attempt < Attempts && IsRejectionToRetry(ex))
            {
            }
        }
    }

    /// <inheritdoc cref="CallAsync{TState, TResult}(TState, Func{TState, ValueTask{TResult}})"/>
    public static async Task<TResult> CallAsync<TState, TResult>(TState state, Func<TState, Task<TResult>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(state);
            }
            catch (Exception ex) when (attempt < Attempts && IsRejectionToRetry(ex))
            {
            }
        }
    }
}
