using System.Net;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// How the frontend reaches the cluster: <c>Orleans:Gateway</c> (one or more <c>address:port</c>, comma-separated),
/// <c>Orleans:ServiceId</c>, <c>Orleans:ClusterId</c>, and <c>Orleans:ResponseTimeout</c> (how long a grain call may
/// go unanswered before the request answers 503).
/// </summary>
internal sealed record OrleansClientSettings(IPEndPoint[] Gateways, string ServiceId, string ClusterId, TimeSpan ResponseTimeout)
{
    public const string DefaultGateway = "127.0.0.1:30000";

    /// <summary>
    /// A call in flight when its silo dies is never answered, and the client only gives up on it after this
    /// long (Orleans' own default, 30 s, held such a request that long before its 503).
    /// </summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(10);

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

        var responseTimeout = DefaultResponseTimeout;
        if (configuration["Orleans:ResponseTimeout"] is { } timeoutText
            && (!TimeSpan.TryParse(timeoutText, System.Globalization.CultureInfo.InvariantCulture, out responseTimeout) || responseTimeout <= TimeSpan.Zero))
        {
            throw new InvalidOperationException($"Orleans:ResponseTimeout must be a positive time span such as 00:00:10 (was '{timeoutText}').");
        }

        return new OrleansClientSettings(
            [.. gateways],
            configuration["Orleans:ServiceId"] ?? "orleanscache",
            configuration["Orleans:ClusterId"] ?? "dev",
            responseTimeout);
    }
}
