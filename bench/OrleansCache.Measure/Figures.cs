using System.Globalization;

namespace OrleansCache.Measure;

/// <summary>Medians and ranges of repeated runs, and number formatting for the tables.</summary>
internal static class Figures
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>"median (min–max)", or just the value when every run gave the same.</summary>
    public static string Summary(IReadOnlyList<double> values, string format = "N0", string unit = "")
    {
        var median = Median(values).ToString(format, CultureInfo.InvariantCulture) + unit;
        var min = values.Min();
        var max = values.Max();
        return min == max
            ? median
            : $"{median} ({min.ToString(format, CultureInfo.InvariantCulture)}–{max.ToString(format, CultureInfo.InvariantCulture)}{unit})";
    }

    public static string N(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB";
}
