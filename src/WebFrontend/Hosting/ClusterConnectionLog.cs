namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// Says, in one warning line each, when the cluster becomes unreachable and when it is reachable again: one line per
/// change of state, however many connection attempts fail in between (Orleans' own per-attempt warnings, each with a
/// stack trace, are filtered out in <see cref="ClusterClientExtensions"/>). Told by the connection retry filter while
/// the client has never connected, and by Orleans' connection status notifications afterwards.
/// </summary>
internal sealed partial class ClusterConnectionLog(ILogger<ClusterConnectionLog> logger) : IClusterConnectionStatusObserver
{
    private const int Starting = 0;
    private const int Reachable = 1;
    private const int Unreachable = 2;

    private int _state = Starting;
    private volatile bool _started;

    /// <summary>The cluster does not answer (<paramref name="reason"/>: one line, never a stack trace).</summary>
    public void Lost(string reason)
    {
        if (Interlocked.Exchange(ref _state, Unreachable) != Unreachable)
        {
            LogLost(logger, reason);
        }
    }

    /// <summary>A gateway answers; says so when the cluster was unreachable before.</summary>
    public void Regained()
    {
        if (Interlocked.Exchange(ref _state, Reachable) == Unreachable)
        {
            LogRegained(logger);
        }
    }

    /// <summary>The client has connected for the first time: from now on Orleans' notifications tell the state.</summary>
    public void Started()
    {
        _started = true;
        Regained();
    }

    // Before the client has started, a socket that a gateway accepted is not yet a cluster that answers (the handshake
    // may still fail): the retry filter and the start itself tell the state then.
    void IClusterConnectionStatusObserver.NotifyClusterConnectionLost()
    {
        if (_started)
        {
            Lost("no gateway is connected");
        }
    }

    void IClusterConnectionStatusObserver.NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (!_started)
        {
            return;
        }

        if (currentNumberOfGateways == 0)
        {
            Lost("no gateway is connected");
        }
        else if (previousNumberOfGateways == 0 || connectionRecovered)
        {
            Regained();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The cluster is not reachable ({Reason}); the API answers 503 until it is")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The cluster is reachable again; the API serves")]
    private static partial void LogRegained(ILogger logger);
}
