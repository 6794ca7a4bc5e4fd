using System.Diagnostics;
using OrleansCache.Caching;

namespace OrleansCache.WebFrontend.Near;

/// <summary>
/// Keeps this frontend a member of the near-cache directory: joins, renews three times per lease (each renewal lets
/// the near cache serve for one lease from when it was sent), and on a graceful stop leaves, handing over its hits.
/// While the cluster cannot be reached no renewal succeeds, so the near cache stops serving within one lease.
/// </summary>
public sealed partial class NearCacheMembership(NearCache near, IGrainFactory grains, ILogger<NearCacheMembership> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromSeconds(1);
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sentAt = Stopwatch.GetTimestamp();
            try
            {
                // Resolved each time: until the client has the cluster's manifest, GetGrain throws.
                var directory = grains.GetGrain<INearCacheDirectoryGrain>(INearCacheDirectoryGrain.Key);
                var membership = await directory.JoinAsync(near.Reference, near.Hits).WaitAsync(stoppingToken);
                near.Renewed(sentAt, membership);
                wait = membership.Lease / 3;
                if (failing)
                {
                    failing = false;
                    LogRenewed(logger);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    failing = true;
                    LogRenewalFailed(logger, exception.Message);
                }

                wait = TimeSpan.FromSeconds(1);
            }

            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (near.HasReference)
        {
            try
            {
                await grains.GetGrain<INearCacheDirectoryGrain>(INearCacheDirectoryGrain.Key).LeaveAsync(near.Reference, near.Hits).WaitAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A stop without the cluster: these hits are lost, as a killed frontend's are.
                LogLeaveFailed(logger, exception.Message);
            }

            grains.DeleteObjectReference<INearCache>(near.Reference);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The near cache cannot renew its membership, so it answers nothing from memory: {Reason}")]
    private static partial void LogRenewalFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The near cache renewed its membership and answers from memory again")]
    private static partial void LogRenewed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The near cache could not hand over its hits when stopping: {Reason}")]
    private static partial void LogLeaveFailed(ILogger logger, string reason);
}
