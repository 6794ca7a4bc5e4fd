using System.Net;
using Microsoft.Extensions.Configuration;

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

        return new SiloSettings(
            Port(configuration, "Orleans:SiloPort", 11111),
            Port(configuration, "Orleans:GatewayPort", 30000),
            primaryEndpoint,
            configuration["Orleans:ServiceId"] ?? DefaultServiceId,
            configuration["Orleans:ClusterId"] ?? DefaultClusterId,
            configuration["Dashboard:Urls"] ?? DefaultDashboardUrls);
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
