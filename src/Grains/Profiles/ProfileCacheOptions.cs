namespace OrleansCache.Profiles;

/// <summary>The profile cache. Bound from <c>Cache:Profiles</c>.</summary>
public sealed class ProfileCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cache:Profiles";

    /// <summary>
    /// How long a profile (and the profile list) stays in memory after it was loaded or last written, whatever
    /// its traffic (<c>Cache:Profiles:Ttl</c>). Also the most a profile edited behind the API's back can be stale.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long an id with no profile is remembered as absent after the read that found no row
    /// (<c>Cache:Profiles:AbsentTtl</c>, default 2 s): concurrent and repeated lookups of an unknown or just-deleted
    /// id share that one read, and a flood of distinct unknown ids holds memory for at most this long each. A
    /// create through the API ends it at once (it goes through the same grain); a row inserted behind the API's
    /// back is seen at most this late. Not longer than <see cref="Ttl"/>.
    /// </summary>
    public TimeSpan AbsentTtl { get; set; } = TimeSpan.FromSeconds(2);
}
