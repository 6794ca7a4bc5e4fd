using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace OrleansCache.WebFrontend.Http;

/// <summary>ETags of profiles: the version in quotes, e.g. <c>"3"</c>.</summary>
internal static class EntityTags
{
    public static string Format(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>True when <c>If-None-Match</c> names <paramref name="version"/> (weak comparison) or is <c>*</c>.</summary>
    public static bool NoneMatch(StringValues ifNoneMatch, long version)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch) || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || TryReadVersion(tag.Tag, out var tagged) && tagged == version)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads <c>If-Match</c> into the versions a write accepts: null when the header is absent or <c>*</c>
    /// (any current version), otherwise the strongly tagged versions (possibly none, which matches nothing).
    /// False when the header cannot be parsed.
    /// </summary>
    public static bool TryReadIfMatch(StringValues ifMatch, out long[]? versions)
    {
        versions = null;
        if (StringValues.IsNullOrEmpty(ifMatch))
        {
            return true;
        }

        if (!EntityTagHeaderValue.TryParseStrictList(ifMatch, out var tags) || tags.Count == 0)
        {
            return false;
        }

        var accepted = new List<long>(tags.Count);
        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any))
            {
                return true;
            }

            // If-Match uses the strong comparison: a weak tag never matches.
            if (!tag.IsWeak && TryReadVersion(tag.Tag, out var version))
            {
                accepted.Add(version);
            }
        }

        versions = [.. accepted];
        return true;
    }

    private static bool TryReadVersion(StringSegment quoted, out long version)
    {
        version = 0;
        return quoted.Length > 2
            && long.TryParse(quoted.AsSpan(1, quoted.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
