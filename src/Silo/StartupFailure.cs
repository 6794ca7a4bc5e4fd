using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace OrleansCache.Silo;

/// <summary>Turns a failure to start caused by a setting into one line that names the key.</summary>
public static class StartupFailure
{
    /// <summary>The line to print, or null when <paramref name="exception"/> is not a settings problem.</summary>
    public static string? Describe(Exception exception, SiloSettings? settings)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case OptionsValidationException validation:
                    return string.Join(" ", validation.Failures);
                case InvalidOperationException when IsAboutAKey(current.Message):
                    return current.Message;
                case IOException when current.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase):
                    return $"Dashboard:Urls: a port is in use ({settings?.DashboardUrls}).";
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    return $"Orleans:SiloPort or Orleans:GatewayPort: a port is in use ({settings?.SiloPort}, {settings?.GatewayPort}).";
            }
        }

        return null;
    }

    // Our own checks and the configuration binder name the key at the start of, or quoted in, the message.
    private static bool IsAboutAKey(string message) =>
        message.StartsWith("Storage:", StringComparison.Ordinal)
        || message.StartsWith("Orleans:", StringComparison.Ordinal)
        || message.StartsWith("Cache:", StringComparison.Ordinal)
        || message.StartsWith("Dashboard:", StringComparison.Ordinal)
        || message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal);
}
