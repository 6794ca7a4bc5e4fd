namespace OrleansCache.WebFrontend.Security;

/// <summary>Registration of the API key rules.</summary>
internal static class SecurityExtensions
{
    /// <summary>Binds <c>Security</c>; returns the reason to refuse start-up, or null.</summary>
    public static string? AddApiKeySecurity(this WebApplicationBuilder builder)
    {
        // Set in code rather than in appsettings.json, where it would override ASPNETCORE_URLS.
        if (ListenAddressCheck.UsesDefaultUrls(builder.Configuration))
        {
            builder.WebHost.UseUrls(ListenAddressCheck.DefaultUrls);
        }

        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        builder.Services.Configure<SecurityOptions>(section);
        return ListenAddressCheck.Check(builder.Configuration, section.Get<SecurityOptions>() ?? new SecurityOptions());
    }

    /// <summary>Requires the API key on every request when one is configured.</summary>
    public static IApplicationBuilder UseApiKey(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyMiddleware>();
}
