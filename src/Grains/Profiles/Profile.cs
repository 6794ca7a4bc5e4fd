using OrleansCache.Storage;

namespace OrleansCache.Profiles;

/// <summary>A profile row: the client-owned fields and the server-owned id, timestamps and version.</summary>
public sealed record Profile(string Id, ProfileFields Fields, string CreatedAt, string UpdatedAt, long Version)
{
    /// <summary>Formats a timestamp the way the table stores it and the API shows it: UTC, fixed width, milliseconds.</summary>
    public static string FormatTimestamp(DateTimeOffset time) => Timestamps.ToText(time);
}
