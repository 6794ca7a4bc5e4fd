using System.Globalization;

namespace OrleansCache.Statistics;

/// <summary>
/// One cache in the stats: lookups, entries now, hit rate ("83.9%") and TTL in seconds; <c>near</c> says how many of
/// the hits frontends answered from their own memory.
/// </summary>
public sealed record CacheStatsEntry(string Name, long Hits, long Misses, long Size, string HitRate, long Ttl, NearStatsEntry Near)
{
    /// <summary>hits / (hits + misses) as a percentage with one decimal; "0.0%" with no lookups.</summary>
    public static string FormatHitRate(long hits, long misses)
    {
        var lookups = hits + misses;
        var rate = lookups == 0 ? 0m : Math.Round(100m * hits / lookups, 1, MidpointRounding.AwayFromZero);
        return rate.ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }
}
