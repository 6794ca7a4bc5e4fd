namespace OrleansCache.Statistics;

/// <summary>How silos hand their counts to <see cref="CacheStatsGrain"/> without being asked (periodically and when they stop).</summary>
[Alias("cache.ICacheStatsCollector")]
public interface ICacheStatsCollector : IGrainWithIntegerKey
{
    /// <summary>Records a silo's cumulative counts; idempotent, and an older snapshot never undoes a newer one.</summary>
    [Alias("report")]
    Task ReportAsync(SiloCacheCounts counts);
}
