using System.Net;

namespace OrleansCache.Hosting;

/// <summary>Reads Kestrel listen URLs, for the checks that keep the API and the dashboard on loopback by default.</summary>
public static class ListenUrl
{
    /// <summary>True when <paramref name="url"/> listens on loopback only (127.0.0.0/8, [::1] or localhost).</summary>
    public static bool IsLoopback(string url)
    {
        ArgumentNullException.ThrowIfNull(url);

        // Kestrel accepts wildcard hosts (*, +) that Uri cannot parse; they mean every interface.
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd >= 0 ? url[(schemeEnd + 3)..] : url;
        var host = rest.StartsWith('[') ? rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)] : rest.Split(':', '/')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
