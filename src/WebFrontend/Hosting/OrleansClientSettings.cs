using System.Net;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>How the frontend reaches the cluster: <c>Orleans:Gateway</c> (one or more <c>address:port</c>, comma-separated), <c>Orleans:ServiceId</c>, <c>Orleans:ClusterId</c>.</summary>
internal sealed record OrleansClientSettings(IPEndPoint[] Gateways, string ServiceId, string ClusterId)
{
    public const string DefaultGateway = "127.0.0.1:30000";

    public static OrleansClientSettings Read(IConfiguration configuration)
    {
        var text = configuration["Orleans:Gateway"] ?? DefaultGateway;
        var gateways = new List<IPEndPoint>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPEndPoint.TryParse(part, out var endpoint) || endpoint.Port == 0)
            {
                throw new InvalidOperationException($"Orleans:Gateway must be address:port pairs such as 127.0.0.1:30000 (was '{text}').");
            }

            gateways.Add(endpoint);
        }

        if (gateways.Count == 0)
        {
            throw new InvalidOperationException("Orleans:Gateway names no gateway.");
        }

        return new OrleansClientSettings(
            [.. gateways],
            configuration["Orleans:ServiceId"] ?? "orleanscache",
            configuration["Orleans:ClusterId"] ?? "dev");
    }
}
