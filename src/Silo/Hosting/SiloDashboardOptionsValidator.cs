using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OrleansCache.Hosting;

namespace OrleansCache.Silo.Hosting;

/// <summary>
/// Refuses to open the dashboard and <c>/metrics</c> beyond loopback when no API key protects them (unless
/// <c>Dashboard:AllowRemote</c> says so), and a dashboard port that is already taken.
/// </summary>
public sealed class SiloDashboardOptionsValidator(bool apiKeyIsSet) : IValidateOptions<SiloDashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloDashboardOptions options)
    {
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!apiKeyIsSet && !options.AllowRemote && !ListenUrl.IsLoopback(url))
            {
                // Without a key the dashboard and /metrics answer anyone who reaches them.
                return ValidateOptionsResult.Fail(
                    $"Dashboard:Urls: '{url}' is not a loopback address, and Security:ApiKey is not set, so the dashboard and /metrics would be open. " +
                    "Set Security:ApiKey, or Dashboard:AllowRemote=true to expose them anyway.");
            }

            if (LoopbackPort(url) is { } port && !IsFree(port))
            {
                return ValidateOptionsResult.Fail($"Dashboard:Urls: port {port} is in use ({url}).");
            }
        }

        return ValidateOptionsResult.Success;
    }

    private static int? LoopbackPort(string url) =>
        ListenUrl.IsLoopback(url) && Uri.TryCreate(url.Replace("localhost", "127.0.0.1", StringComparison.OrdinalIgnoreCase), UriKind.Absolute, out var uri)
            ? uri.Port
            : null;

    private static bool IsFree(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return false;
        }
        finally
        {
            probe.Stop();
        }
    }
}
