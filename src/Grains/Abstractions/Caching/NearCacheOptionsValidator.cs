using Microsoft.Extensions.Options;

namespace OrleansCache.Caching;

/// <summary>Refuses a lease that is not positive or longer than a minute, and fewer than one entry.</summary>
public sealed class NearCacheOptionsValidator : IValidateOptions<NearCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, NearCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Lease <= TimeSpan.Zero || options.Lease > TimeSpan.FromMinutes(1))
        {
            return ValidateOptionsResult.Fail($"Cache:Near:Lease must be greater than 0 and at most 00:01:00 (was {options.Lease}).");
        }

        return options.MaxEntries >= 1
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cache:Near:MaxEntries must be at least 1 (was {options.MaxEntries}).");
    }
}
