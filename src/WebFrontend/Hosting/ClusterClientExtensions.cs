using System.Net;
using Orleans.Configuration;
using OrleansCache.Cluster;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>How the frontend reaches the cluster: its own Orleans client, or the one of the process it is embedded in.</summary>
internal static class ClusterClientExtensions
{
    // How often a frontend re-reads the membership table for gateways: a silo that joined (on any port) is used, and
    // one that died is dropped, within this. Orleans' default is one minute.
    private static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connects an Orleans client to the cluster: to the gateways of <c>Orleans:Gateway</c> with localhost
    /// clustering, or to those the membership table lists with <c>Orleans:Clustering:ProviderType=AdoNet</c> (Orleans'
    /// own keys, which it applies itself); over mutual TLS when <c>Orleans:Tls</c> names a certificate.
    /// </summary>
    public static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder, StartupSettings settings)
    {
        var client = settings.Bind(OrleansClientOptions.Section, new OrleansClientOptionsValidator());
        var membership = settings.Bind(MembershipOptions.Section, new MembershipOptionsValidator());
        var tls = settings.Bind(ClusterTlsOptions.Section, new ClusterTlsOptionsValidator());
        if (membership.IsAdoNet && client.Gateway is not null)
        {
            settings.Refuse("Orleans:Gateway is for localhost clustering; with Orleans:Clustering:ProviderType=AdoNet frontends find the gateways in the membership table.");
        }

        settings.Refuse(ClusterCertificates.RefuseInsecure(tls, ClusterAddresses(client, membership)));
        if (settings.Failures.Count > 0)
        {
            return builder;
        }

        // Start Kestrel alongside the Orleans client instead of after it has connected, so the frontend answers
        // (503) while no silo is up yet.
        builder.Services.Configure<HostOptions>(options => options.ServicesStartConcurrently = true);
        if (membership.IsAdoNet)
        {
            builder.Services.AddHealthChecks().AddCheck<MembershipHealthCheck>("membership", tags: [ClusterHealthCheck.ReadyTag]);
        }

        // One warning line when the cluster is lost and one when it is back (ClusterConnectionLog), instead of Orleans'
        // warning with a stack trace for every failed connection attempt, several a second while no silo runs, and for
        // every gateway connection a dying silo drops (a category prefix: ConnectionManager and Connection alike).
        builder.Logging.AddFilter("Orleans.Runtime.Messaging.Connection", LogLevel.Error);
        builder.Services.AddSingleton<ClusterConnectionLog>();
        var hostedBefore = builder.Services.Where(service => service.ServiceType == typeof(IHostedService)).ToList();
        builder.UseOrleansClient(orleans =>
        {
            orleans.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<ClusterConnectionLog>());
            if (membership.IsAdoNet)
            {
                orleans.Services.PostConfigure<AdoNetClusteringClientOptions>(options => options.Invariant ??= MembershipOptions.Npgsql);
                orleans.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
            }
            else
            {
                orleans.UseStaticClustering([.. client.GatewayList().Select(IPEndPoint.Parse)]);
            }

            if (tls.IsEnabled)
            {
                orleans.UseTls(options => ClusterCertificates.Configure(options, tls));
            }

            if (ProcessTelemetry.IsTracingOn(builder.Configuration))
            {
                // Each grain call is a span under the request's, and carries the trace to the silo.
                orleans.AddActivityPropagation();
            }

            orleans.UseConnectionRetryFilter<PatientConnectionRetryFilter>();
            orleans.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = client.ResponseTimeout);
            orleans.Configure<ClusterOptions>(options =>
            {
                options.ServiceId = client.ServiceId;
                options.ClusterId = client.ClusterId;
            });
        });
        StopCleanlyWhileConnecting(builder.Services, hostedBefore);
        return builder;
    }

    // Wraps the hosted service(s) the Orleans client added in ClusterClientStart, so that SIGTERM before the first silo
    // answers stops the process normally.
    private static void StopCleanlyWhileConnecting(IServiceCollection services, List<ServiceDescriptor> hostedBefore)
    {
        var added = services.Where(service => service.ServiceType == typeof(IHostedService) && !hostedBefore.Contains(service)).ToList();
        if (added.Count == 0)
        {
            throw new InvalidOperationException("The Orleans client registered no hosted service to start it; ClusterClientStart has nothing to wrap.");
        }

        foreach (var descriptor in added)
        {
            var index = services.IndexOf(descriptor);
            services[index] = ServiceDescriptor.Singleton<IHostedService>(provider =>
                new ClusterClientStart(Resolve(provider, descriptor), provider.GetRequiredService<ClusterConnectionLog>()));
        }
    }

    private static IHostedService Resolve(IServiceProvider provider, ServiceDescriptor descriptor) =>
        (IHostedService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));

    /// <summary>
    /// Serves through the grain factory and cluster manifest of <paramref name="cluster"/>, the services of an Orleans
    /// client or silo that this process already runs (a frontend embedded in a silo's process, or a test host).
    /// </summary>
    public static WebApplicationBuilder UseExistingCluster(this WebApplicationBuilder builder, IServiceProvider cluster)
    {
        builder.Services.AddSingleton(cluster.GetRequiredService<IGrainFactory>());
        builder.Services.AddSingleton(cluster.GetRequiredService<IClusterManifestProvider>());
        return builder;
    }

    // Every address cluster traffic of this frontend goes to, with the key that names it: the static gateways, or the
    // membership database's host (silos reached through a database elsewhere are elsewhere too).
    private static IEnumerable<(string Key, string Address)> ClusterAddresses(OrleansClientOptions client, MembershipOptions membership)
    {
        if (membership.IsAdoNet)
        {
            if (membership.ConnectionString is { } connectionString && PostgresConnectionString.Host(connectionString) is { } host)
            {
                yield return ($"{MembershipOptions.Section}:ConnectionString", host);
            }

            yield break;
        }

        foreach (var gateway in client.GatewayList())
        {
            if (IPEndPoint.TryParse(gateway, out var endpoint))
            {
                yield return ("Orleans:Gateway", endpoint.Address.ToString());
            }
        }
    }
}
