using System.Globalization;

namespace OrleansCache.EndToEnd.Tests.Reliability.Load;

/// <summary>Reads one figure from the silo's Prometheus text at <c>/metrics</c>.</summary>
internal static class SiloMetrics
{
    /// <summary>The value of a gauge with no labels but the scope's, e.g. <c>orleans_directory_cache_size</c>.</summary>
    public static async Task<long> GaugeAsync(HttpClient dashboard, string name, CancellationToken cancellationToken)
    {
        var text = await dashboard.GetStringAsync("/metrics", cancellationToken);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>The number of live activations of <paramref name="grainType"/> (<c>orleans_catalog_activations</c>).</summary>
    public static async Task<long> ActivationsAsync(HttpClient dashboard, string grainType, CancellationToken cancellationToken)
    {
        var text = await dashboard.GetStringAsync("/metrics", cancellationToken);
        var prefix = "orleans_catalog_activations{";
        var label = $"grain_type=\"{grainType}\"";
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
            {
                return (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        // Not reported until the first activation of the type.
        return 0;
    }
}
