using System.Globalization;

namespace OrleansCache.Storage;

/// <summary>The API's form of a timestamp, which SQLite also stores: UTC, fixed width, milliseconds (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>).</summary>
public static class Timestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary><paramref name="time"/> in the API's form.</summary>
    public static string ToText(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>A UTC <see cref="DateTime"/> in the API's form.</summary>
    public static string ToText(DateTime utc) => utc.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The UTC <see cref="DateTime"/> of a timestamp in the API's form.</summary>
    public static DateTime Parse(string text) =>
        DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
