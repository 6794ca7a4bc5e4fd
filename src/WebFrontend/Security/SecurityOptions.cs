namespace OrleansCache.WebFrontend.Security;

/// <summary>Who may call the API. Bound from the <c>Security</c> section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>When set, every request must carry it in <c>X-Api-Key</c> (<c>Security:ApiKey</c>). Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Allows listening beyond loopback without an API key (<c>Security:AllowAnonymous</c>).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Lets <c>/health/live</c> (and nothing else) answer without the key (<c>Security:AllowAnonymousLiveness</c>),
    /// for load balancers whose health checks cannot send a header. Off by default.
    /// </summary>
    public bool AllowAnonymousLiveness { get; set; }

    /// <summary>Hides the key from anything that prints the options.</summary>
    public override string ToString() => $"ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")}, AllowAnonymous = {AllowAnonymous}, AllowAnonymousLiveness = {AllowAnonymousLiveness}";
}
