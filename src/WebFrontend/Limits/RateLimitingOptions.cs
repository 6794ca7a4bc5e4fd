namespace OrleansCache.WebFrontend.Limits;

/// <summary>
/// Optional rate limiting of the API (<c>/api/*</c>), per client address, with ASP.NET Core's rate limiter: at most
/// <see cref="PermitLimit"/> requests per fixed <see cref="Window"/>; past it, 429 with Retry-After. Off by default.
/// Bound from the <c>RateLimiting</c> section.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Limits the API's requests per client address (<c>RateLimiting:Enabled</c>); off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>The requests a client address may send per window (<c>RateLimiting:PermitLimit</c>); 100 by default.</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>The window the permits are counted over (<c>RateLimiting:Window</c>); one second by default.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}
