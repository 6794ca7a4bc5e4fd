using System.Collections.Immutable;

namespace OrleansCache.Profiles;

/// <summary>
/// The whole profile list and how long the asking frontend may answer list pages from it, counted from when it sent
/// the lookup (<see cref="TimeSpan.Zero"/>: not at all).
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.ProfileListGrant")]
public sealed record ProfileListGrant(
    [property: Id(0)] ImmutableArray<ProfileSnapshot> Profiles,
    [property: Id(1)] TimeSpan Lease)
{
    /// <summary>
    /// A page of <paramref name="profiles"/>: <paramref name="limit"/> of them (all when null) from
    /// <paramref name="offset"/>; the same array, without a copy, when that is all of it.
    /// </summary>
    public static ImmutableArray<ProfileSnapshot> Page(ImmutableArray<ProfileSnapshot> profiles, int offset, int? limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= profiles.Length)
        {
            return [];
        }

        var count = Math.Min(limit ?? int.MaxValue, profiles.Length - offset);
        return offset == 0 && count == profiles.Length ? profiles : profiles.Slice(offset, count);
    }
}
