using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansCache.Caching;
using OrleansCache.Cluster;
using OrleansCache.Hosting;
using OrleansCache.Models;
using OrleansCache.Profiles;
using OrleansCache.Silo.Security;
using OrleansCache.Storage;

namespace OrleansCache.Silo.Hosting;

/// <summary>The silo's composition: checked settings, the Orleans silo (clustering, endpoints, TLS, the cache), the dashboard and metrics.</summary>
public static class SiloHosting
{
    /// <summary>
    /// Adds the silo to <paramref name="builder"/>; returns the reasons to refuse start-up (empty when the settings
    /// are good), each one line naming its key.
    /// </summary>
    public static IReadOnlyList<string> AddSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var settings = new StartupSettings(configuration);
        var host = settings.Bind(SiloHostOptions.Section, new SiloHostOptionsValidator());
        var membership = settings.Bind(MembershipOptions.Section, new MembershipOptionsValidator());
        var tls = settings.Bind(ClusterTlsOptions.Section, new ClusterTlsOptionsValidator());
        var dashboard = settings.Bind(SiloDashboardOptions.Section, new SiloDashboardOptionsValidator(!string.IsNullOrEmpty(configuration[SiloApiKey.ConfigurationKey])));
        var storage = settings.Bind(StorageOptions.Section, new StorageOptionsValidator());

        // The grains bind these again as validated options; binding them here too names a value of the wrong type
        // (e.g. a TTL of "soon") in one line instead of failing the host's start.
        settings.Bind(ProfileCacheOptions.Section, new ProfileCacheOptionsValidator());
        settings.Bind(ModelCacheOptions.Section, new ModelCacheOptionsValidator());
        settings.Bind(NearCacheOptions.Section, new NearCacheOptionsValidator());
        if (host.Kubernetes.Enabled && !membership.IsAdoNet)
        {
            settings.Refuse("Orleans:Kubernetes:Enabled needs Orleans:Clustering:ProviderType=AdoNet: pods find each other in the membership table.");
        }

        if (membership.IsAdoNet)
        {
            settings.Refuse(storage.IsPostgres ? null :
                "Storage:Provider must be 'postgres' with Orleans:Clustering:ProviderType=AdoNet: silos on other machines cannot share a SQLite file.");
            settings.Refuse(string.IsNullOrEmpty(host.PrimarySiloEndpoint) ? null :
                "Orleans:PrimarySiloEndpoint is for localhost clustering; with Orleans:Clustering:ProviderType=AdoNet silos find each other in the membership table.");
        }

        settings.Refuse(ClusterCertificates.RefuseInsecure(tls, ClusterAddresses(host)));
        if (settings.Failures.Count > 0)
        {
            return settings.Failures;
        }

        // The silo's own web endpoints (dashboard, metrics) listen on Dashboard:Urls, loopback by default.
        builder.WebHost.UseUrls(dashboard.Urls);
        builder.UseOrleans(silo =>
        {
            var advertised = host.EffectiveAdvertisedIPAddress is { } address ? IPAddress.Parse(address) : null;
            if (membership.IsAdoNet)
            {
                // Orleans registers AdoNet membership from Orleans:Clustering itself; the invariant defaults to Npgsql.
                silo.Services.PostConfigure<AdoNetClusteringSiloOptions>(options => options.Invariant ??= MembershipOptions.Npgsql);
                silo.Configure<EndpointOptions>(options =>
                {
                    // Left unset on Kubernetes: Orleans' Kubernetes hosting then advertises the pod's address.
                    if (advertised is not null)
                    {
                        options.AdvertisedIPAddress = advertised;
                    }

                    options.SiloPort = host.SiloPort;
                    options.GatewayPort = host.GatewayPort;
                });
                silo.Configure<ClusterOptions>(options =>
                {
                    options.ServiceId = host.ServiceId;
                    options.ClusterId = host.ClusterId;
                });
            }
            else
            {
                silo.UseLocalhostClustering(
                    host.SiloPort,
                    host.GatewayPort,
                    string.IsNullOrEmpty(host.PrimarySiloEndpoint) ? null : IPEndPoint.Parse(host.PrimarySiloEndpoint),
                    host.ServiceId,
                    host.ClusterId);
            }

            silo.Services.AddOptions<ClusterMembershipOptions>()
                .Configure(MembershipTiming.ApplyDefaults)
                .Bind(configuration.GetSection(MembershipTiming.Section));
            if (tls.IsEnabled)
            {
                silo.UseTls(options => ClusterCertificates.Configure(options, tls));
            }

            if (host.Kubernetes.Enabled)
            {
                silo.UseKubernetesHosting();
            }

            silo.AddOrleansCache(configuration);
            silo.AddDashboard();
            if (ProcessTelemetry.IsTracingOn(configuration))
            {
                // A grain call continues the trace of its caller (a frontend's request), and calls it makes continue it.
                silo.AddActivityPropagation();
            }
        });

        builder.AddSiloTelemetry();
        return [];
    }

    // Every address cluster traffic of this silo goes to or comes from, with the key that names it.
    private static IEnumerable<(string Key, string Address)> ClusterAddresses(SiloHostOptions host)
    {
        // On Kubernetes the pod's address is not known yet, and it is not loopback.
        yield return host.EffectiveAdvertisedIPAddress is { } advertised
            ? ("Orleans:Endpoints:AdvertisedIPAddress", advertised)
            : ("Orleans:Kubernetes:Enabled", "the pod's address");
        if (!string.IsNullOrEmpty(host.PrimarySiloEndpoint) && IPEndPoint.TryParse(host.PrimarySiloEndpoint, out var primary))
        {
            yield return ("Orleans:PrimarySiloEndpoint", primary.Address.ToString());
        }
    }
}
