using Microsoft.Extensions.Options;

namespace OrleansCache.WebFrontend.Limits;

/// <summary>Refuses a permit limit below 1 and a window that is not between zero and one hour (checked even when off).</summary>
public sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    /// <summary>The longest window: a longer one would make a client that went over wait that long.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PermitLimit < 1)
        {
            failures.Add($"RateLimiting:PermitLimit must be at least 1 (was {options.PermitLimit}).");
        }

        if (options.Window <= TimeSpan.Zero || options.Window > MaxWindow)
        {
            failures.Add($"RateLimiting:Window must be a time span above zero and at most {MaxWindow} such as 00:00:01 (was {options.Window}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
