using Microsoft.Extensions.Options;
using OrleansCache.Hosting;

namespace OrleansCache.WebFrontend.Security;

/// <summary>
/// Refuses to serve beyond loopback with no API key unless anonymous access is switched on: an open cache API on a
/// network interface is a mistake far more often than a choice. Where the frontend listens comes from the host's
/// own keys (<c>Urls</c>, <c>ASPNETCORE_HTTP_PORTS</c>, <c>Kestrel:Endpoints</c>), read from <paramref name="configuration"/>.
/// </summary>
public sealed class SecurityOptionsValidator(IConfiguration configuration) : IValidateOptions<SecurityOptions>
{
    /// <summary>Where the frontend listens when neither <c>Urls</c> nor <c>ASPNETCORE_HTTP_PORTS</c> says otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>True when the configuration names no listening address, so <see cref="DefaultUrls"/> applies.</summary>
    public static bool UsesDefaultUrls(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration["urls"] is null && configuration["http_ports"] is null && !configuration.GetSection("Kestrel:Endpoints").Exists();
    }

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiKey) || options.AllowAnonymous)
        {
            return ValidateOptionsResult.Success;
        }

        foreach (var url in ListenUrls())
        {
            if (!ListenUrl.IsLoopback(url))
            {
                return ValidateOptionsResult.Fail(
                    $"Security:ApiKey is not set, but Urls includes the non-loopback address '{url}'. " +
                    "Set Security:ApiKey, listen on 127.0.0.1 only, or set Security:AllowAnonymous=true to allow anonymous access.");
            }
        }

        return ValidateOptionsResult.Success;
    }

    private IEnumerable<string> ListenUrls()
    {
        // Urls (also ASPNETCORE_URLS, --urls) wins over ASPNETCORE_HTTP_PORTS, which binds every interface.
        if (configuration["urls"] is { } urls)
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return url;
            }
        }
        else if (configuration["http_ports"] is { } ports)
        {
            foreach (var port in ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return $"http://*:{port}";
            }
        }
        else
        {
            yield return DefaultUrls;
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { } url)
            {
                yield return url;
            }
        }
    }
}
