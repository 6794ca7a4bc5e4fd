namespace OrleansCache.Silo.Hosting;

/// <summary>Where this silo is reached and which cluster it joins. Bound from the <c>Orleans</c> section.</summary>
public sealed class SiloHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Orleans";

    /// <summary>The port other silos reach this one at (<c>Orleans:SiloPort</c>).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port frontends reach this silo's gateway at (<c>Orleans:GatewayPort</c>).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>With localhost clustering, for a second silo on the machine: the first silo's <c>address:port</c> (<c>Orleans:PrimarySiloEndpoint</c>).</summary>
    public string? PrimarySiloEndpoint { get; set; }

    /// <summary>The service every silo and frontend of the deployment shares (<c>Orleans:ServiceId</c>); grain state is kept per service.</summary>
    public string ServiceId { get; set; } = "orleanscache";

    /// <summary>The cluster this silo joins (<c>Orleans:ClusterId</c>); every member of one cluster has the same.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>Orleans' own endpoint keys (<c>Orleans:Endpoints</c>), read here to check them.</summary>
    public SiloEndpointsOptions Endpoints { get; set; } = new();

    /// <summary>Running as a Kubernetes pod (<c>Orleans:Kubernetes:Enabled</c>).</summary>
    public SiloKubernetesOptions Kubernetes { get; set; } = new();

    /// <summary>The address the silo advertises, or null when Kubernetes hosting takes the pod's.</summary>
    public string? EffectiveAdvertisedIPAddress =>
        Endpoints.AdvertisedIPAddress ?? (Kubernetes.Enabled ? null : SiloEndpointsOptions.DefaultAdvertisedIPAddress);
}
