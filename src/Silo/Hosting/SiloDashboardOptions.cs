namespace OrleansCache.Silo.Hosting;

/// <summary>Where the silo serves the Orleans Dashboard and <c>/metrics</c>. Bound from the <c>Dashboard</c> section.</summary>
public sealed class SiloDashboardOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dashboard";

    /// <summary>Loopback only, by default.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8081";

    /// <summary>Kestrel URLs, <c>;</c>-separated (<c>Dashboard:Urls</c>).</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>Serve beyond loopback without <c>Security:ApiKey</c> (<c>Dashboard:AllowRemote</c>).</summary>
    public bool AllowRemote { get; set; }
}
