using Microsoft.Extensions.Options;

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
}

/// <summary>Refuses a TTL that is not positive: a TTL of 0 does not mean "no cache".</summary>
public sealed class ProfileCacheOptionsValidator : IValidateOptions<ProfileCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ProfileCacheOptions options) =>
        options.Ttl > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cache:Profiles:Ttl must be greater than 0 (was {options.Ttl}).");
}
