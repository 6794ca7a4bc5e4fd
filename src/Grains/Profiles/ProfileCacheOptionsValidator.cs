using Microsoft.Extensions.Options;

namespace OrleansCache.Profiles;

/// <summary>Refuses a TTL that is not positive (a TTL of 0 does not mean "no cache"), and an absent TTL outside (0, TTL].</summary>
public sealed class ProfileCacheOptionsValidator : IValidateOptions<ProfileCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ProfileCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Ttl <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"Cache:Profiles:Ttl must be greater than 0 (was {options.Ttl}).");
        }

        return options.AbsentTtl > TimeSpan.Zero && options.AbsentTtl <= options.Ttl
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cache:Profiles:AbsentTtl must be greater than 0 and at most Cache:Profiles:Ttl (was {options.AbsentTtl}).");
    }
}
