using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Messaging;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// With AdoNet membership: ready when the membership table answers. Frontends find the silos there, and a silo that
/// cannot reach it cannot stay in the cluster, so the database is a dependency of the cluster, not only of requests.
/// </summary>
internal sealed class MembershipHealthCheck(IGatewayListProvider gateways) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var active = await gateways.GetGateways().WaitAsync(ClusterHealthCheck.Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"The membership table answers ({active.Count} gateways).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Exception details stay out of the response: they may name hosts.
            return HealthCheckResult.Unhealthy("The membership database does not answer.");
        }
    }
}
