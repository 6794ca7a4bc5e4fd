using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansCache.Health;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>Ready when a silo answers a grain call and that silo reaches the database.</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const string ReadyTag = "ready";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IHealthGrain>(0).CheckAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("The cluster and the database answer.");
        }
        catch (DatabaseUnavailableException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Exception details stay out of the response: they may name hosts and ports.
            return HealthCheckResult.Unhealthy("The cluster does not answer.");
        }
    }
}
