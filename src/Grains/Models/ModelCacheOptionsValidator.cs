using Microsoft.Extensions.Options;

namespace OrleansCache.Models;

/// <summary>Refuses a TTL that is not positive and an entry bound below 1.</summary>
public sealed class ModelCacheOptionsValidator : IValidateOptions<ModelCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelCacheOptions options)
    {
        if (options.Ttl <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"Cache:Models:Ttl must be greater than 0 (was {options.Ttl}).");
        }

        return options.MaxEntries < 1
            ? ValidateOptionsResult.Fail($"Cache:Models:MaxEntries must be at least 1 (was {options.MaxEntries}).")
            : ValidateOptionsResult.Success;
    }
}
