using OrleansCache.Cluster;

namespace OrleansCache.WebFrontend.Security;

/// <summary>Registration of the API key rules.</summary>
internal static class SecurityExtensions
{
    /// <summary>Binds and checks <c>Security</c>, and listens on loopback unless told otherwise.</summary>
    public static WebApplicationBuilder AddApiKeySecurity(this WebApplicationBuilder builder, StartupSettings settings)
    {
        // Set in code rather than in appsettings.json, where it would override ASPNETCORE_URLS.
        if (SecurityOptionsValidator.UsesDefaultUrls(builder.Configuration))
        {
            builder.WebHost.UseUrls(SecurityOptionsValidator.DefaultUrls);
        }

        var security = settings.Bind(SecurityOptions.Section, new SecurityOptionsValidator(builder.Configuration));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(security));
        return builder;
    }

    /// <summary>Requires the API key on every request when one is configured.</summary>
    public static IApplicationBuilder UseApiKey(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyMiddleware>();
}
