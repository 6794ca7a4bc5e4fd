using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace OrleansCache.Silo.Hosting;

/// <summary>Refuses ports out of range or already taken, and addresses that do not parse.</summary>
public sealed class SiloHostOptionsValidator : IValidateOptions<SiloHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloHostOptions options)
    {
        var failures = new List<string>();
        IPAddress? advertised = null;
        if (options.EffectiveAdvertisedIPAddress is { } text && !IPAddress.TryParse(text, out advertised))
        {
            failures.Add($"Orleans:Endpoints:AdvertisedIPAddress must be an IP address such as 10.0.0.5 (was '{text}').");
        }

        if (options.PrimarySiloEndpoint is { Length: > 0 } primary && !IPEndPoint.TryParse(primary, out _))
        {
            failures.Add($"Orleans:PrimarySiloEndpoint must be an address and port such as 127.0.0.1:11111 (was '{primary}').");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("Orleans:ServiceId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Orleans:ClusterId must not be empty.");
        }

        foreach (var (key, port) in new[] { ("Orleans:SiloPort", options.SiloPort), ("Orleans:GatewayPort", options.GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                failures.Add($"{key} must be a port number from 1 to 65535 (was {port}).");
            }
            else if (advertised is not null && !IsFree(advertised, port))
            {
                failures.Add($"{key}: port {port} is in use.");
            }
        }

        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"Orleans:GatewayPort must differ from Orleans:SiloPort (both {options.SiloPort}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Whether the silo will be able to listen there: the address it advertises is the one it binds.
    private static bool IsFree(IPAddress address, int port)
    {
        var probe = new TcpListener(address, port);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return false;
        }
        catch (SocketException)
        {
            // Not an address of this machine (behind NAT, say): Orleans will say so itself if it cannot listen.
            return true;
        }
        finally
        {
            probe.Stop();
        }
    }
}
