namespace OrleansCache.Silo.Hosting;

/// <summary>The part of Orleans' own <c>Orleans:Endpoints</c> keys that the silo checks before Orleans binds them.</summary>
public sealed class SiloEndpointsOptions
{
    /// <summary>The loopback default of <see cref="AdvertisedIPAddress"/>: one machine.</summary>
    public const string DefaultAdvertisedIPAddress = "127.0.0.1";

    /// <summary>
    /// The address other silos and frontends reach this silo at, and the one it listens on
    /// (<c>Orleans:Endpoints:AdvertisedIPAddress</c>; default 127.0.0.1, or the pod's address on Kubernetes).
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }
}
