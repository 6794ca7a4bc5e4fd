using Microsoft.Extensions.Options;

namespace OrleansCache.Caching;

/// <summary>Refuses a lease that is not positive or longer than <see cref="NearCacheOptions.MaxLease"/>, and fewer than one entry.</summary>
public sealed class NearCacheOptionsValidator : IValidateOptions<NearCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, NearCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Lease <= TimeSpan.Zero || options.Lease > NearCacheOptions.MaxLease)
        {
            return ValidateOptionsResult.Fail(
                $"Cache:Near:Lease must be greater than 0 and at most {NearCacheOptions.MaxLease} (was {options.Lease}): a write may wait a lease for a frontend that does not answer, within the {NearCacheOptions.ChangeResponseTimeout} its caller waits.");
        }

        return options.MaxEntries >= 1
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cache:Near:MaxEntries must be at least 1 (was {options.MaxEntries}).");
    }
}
