using Microsoft.Extensions.Logging;

namespace OrleansCache.Statistics;

/// <summary>
/// Hands this silo's counts to <see cref="CacheStatsGrain"/> every <see cref="Period"/> when they changed, and
/// once more when the silo stops, so a silo that crashes loses at most one period of counts and one that
/// stops loses none. Stats reads do not wait for it: they ask every silo directly.
/// </summary>
public sealed partial class CacheStatsReporter(IGrainFactory grains, CacheCounters counters, ILogger<CacheStatsReporter> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private CounterTotals _lastReported = CounterTotals.Zero;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CacheStatsReporter), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
        await ReportAsync();
    }

    public void Dispose() => _stopping.Dispose();

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await ReportAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopAsync sends the last report.
        }
    }

    private async Task ReportAsync()
    {
        var counts = counters.Read();
        if (counts.Totals == _lastReported)
        {
            return;
        }

        try
        {
            await grains.GetGrain<ICacheStatsCollector>(ICacheStatsGrain.Key).ReportAsync(counts);
            _lastReported = counts.Totals;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next report carries the same cumulative counts, so nothing is lost by failing once.
            LogReportFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report this silo's cache counters; the next report will carry them")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);
}
