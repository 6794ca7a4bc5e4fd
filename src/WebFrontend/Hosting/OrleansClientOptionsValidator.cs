using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>Refuses gateways that do not parse, empty cluster names and a response timeout that is not positive.</summary>
public sealed class OrleansClientOptionsValidator : IValidateOptions<OrleansClientOptions>
{
    public ValidateOptionsResult Validate(string? name, OrleansClientOptions options)
    {
        var failures = new List<string>();
        var gateways = options.GatewayList().ToList();
        if (gateways.Count == 0)
        {
            failures.Add("Orleans:Gateway names no gateway.");
        }
        else if (gateways.Any(gateway => !IPEndPoint.TryParse(gateway, out var endpoint) || endpoint.Port == 0))
        {
            failures.Add($"Orleans:Gateway must be address:port pairs such as 127.0.0.1:30000 (was '{options.Gateway}').");
        }

        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Orleans:ResponseTimeout must be a positive time span such as 00:00:10 (was {options.ResponseTimeout}).");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("Orleans:ServiceId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Orleans:ClusterId must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
