using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using OrleansCache.Hosting;

namespace OrleansCache.Silo;

/// <summary>The silo's hosting settings, read once at start from the <c>Orleans</c> and <c>Dashboard</c> keys.</summary>
public sealed record SiloSettings(
    int SiloPort,
    int GatewayPort,
    IPEndPoint? PrimarySiloEndpoint,
    string ServiceId,
    string ClusterId,
    string DashboardUrls)
{
    public const string DefaultServiceId = "orleanscache";
    public const string DefaultClusterId = "dev";
    public const string DefaultDashboardUrls = "http://127.0.0.1:8081";

    /// <summary>Reads and checks the settings; a bad value throws naming its key.</summary>
    public static SiloSettings Read(IConfiguration configuration)
    {
        var primary = configuration["Orleans:PrimarySiloEndpoint"];
        IPEndPoint? primaryEndpoint = null;
        if (!string.IsNullOrWhiteSpace(primary) && !IPEndPoint.TryParse(primary, out primaryEndpoint))
        {
            throw new InvalidOperationException($"Orleans:PrimarySiloEndpoint must be an address and port such as 127.0.0.1:11111 (was '{primary}').");
        }

        var dashboardUrls = configuration["Dashboard:Urls"] ?? DefaultDashboardUrls;
        var keyed = !string.IsNullOrEmpty(configuration[SiloApiKey.ConfigurationKey]);
        if (!keyed && !configuration.GetValue<bool>("Dashboard:AllowRemote"))
        {
            foreach (var url in dashboardUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!ListenUrl.IsLoopback(url))
                {
                    // Without a key the dashboard and /metrics answer anyone who reaches them.
                    throw new InvalidOperationException(
                        $"Dashboard:Urls: '{url}' is not a loopback address, and Security:ApiKey is not set, so the dashboard and /metrics would be open. " +
                        "Set Security:ApiKey, or Dashboard:AllowRemote=true to expose them anyway.");
                }
            }
        }

        return new SiloSettings(
            Port(configuration, "Orleans:SiloPort", 11111),
            Port(configuration, "Orleans:GatewayPort", 30000),
            primaryEndpoint,
            configuration["Orleans:ServiceId"] ?? DefaultServiceId,
            configuration["Orleans:ClusterId"] ?? DefaultClusterId,
            dashboardUrls);
    }

    /// <summary>Fails, naming the key, when the silo or gateway port is already taken on loopback.</summary>
    public void EnsurePortsAreFree()
    {
        EnsureFree("Orleans:SiloPort", SiloPort);
        EnsureFree("Orleans:GatewayPort", GatewayPort);
    }

    private static void EnsureFree(string key, int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException($"{key}: port {port} is in use.", ex);
        }
        finally
        {
            probe.Stop();
        }
    }

    private static int Port(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, out var port) && port is > 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"{key} must be a port number from 1 to 65535 (was '{text}').");
    }
}
