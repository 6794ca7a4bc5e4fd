namespace OrleansCache.WebFrontend.Hosting;

/// <summary>How the frontend reaches the cluster. Bound from the <c>Orleans</c> section.</summary>
public sealed class OrleansClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Orleans";

    /// <summary>The gateway of localhost clustering when <see cref="Gateway"/> is not given.</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    /// <summary>
    /// With localhost clustering: the silo gateways, comma-separated <c>address:port</c> (<c>Orleans:Gateway</c>,
    /// default 127.0.0.1:30000). With AdoNet membership the frontend finds gateways in the membership table instead.
    /// </summary>
    public string? Gateway { get; set; }

    /// <summary>Must match the silos' (<c>Orleans:ServiceId</c>).</summary>
    public string ServiceId { get; set; } = "orleanscache";

    /// <summary>Must match the silos' (<c>Orleans:ClusterId</c>).</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>
    /// How long a grain call may go unanswered before the request answers 503 (<c>Orleans:ResponseTimeout</c>): a call
    /// in flight when its silo dies is never answered, and Orleans' own default (30 s) held such a request that long.
    /// So is a call sent to a silo restarted on the same address while it is still joining. 5 s keeps every key's
    /// service back within 10 s of a silo's death (the cluster tests measured 10–11 s gaps with 10 s), and is still
    /// far above any grain call's time: a miss is one indexed read.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The gateways of <see cref="Gateway"/> (or the default), as written.</summary>
    public IEnumerable<string> GatewayList() =>
        (Gateway ?? DefaultGateway).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
