namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// The Orleans client's hosted service, started as Orleans starts it, except that a stop asked for while it still
/// waits for its first silo (SIGTERM, Ctrl-C) is a normal stop, exit code 0, rather than a failed start: the host
/// would log the cancellation as "Hosting failed to start" with a stack trace and the process would end with an
/// unhandled <see cref="TaskCanceledException"/>. Also tells <see cref="ClusterConnectionLog"/> when it has connected.
/// </summary>
internal sealed class ClusterClientStart(IHostedService client, ClusterConnectionLog log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.StartAsync(cancellationToken);
            log.Started();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before any silo answered: the host goes on to stop, as after any other start.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => client.StopAsync(cancellationToken);
}
