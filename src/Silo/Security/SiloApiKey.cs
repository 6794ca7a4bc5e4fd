using OrleansCache.Security;

namespace OrleansCache.Silo.Security;

/// <summary>
/// When <c>Security:ApiKey</c> is set, every request to the silo's web endpoints (the dashboard and its API,
/// <c>/metrics</c>, <c>/</c>) must carry it: in <c>X-Api-Key</c> (scripts, the frontend's convention), or as the
/// password of HTTP Basic authentication, with any user name. Basic is what makes the dashboard usable from a
/// browser: the 401 names the Basic scheme, the browser asks for the key once, and then sends it with the page and
/// with every request the dashboard's script makes; Prometheus sends it with <c>basic_auth</c>. The comparison is
/// the frontend's (<see cref="ApiKeyCheck"/>, the same source file).
/// </summary>
internal static class SiloApiKey
{
    public const string ConfigurationKey = "Security:ApiKey";

    /// <summary>Adds the check in front of every endpoint when a key is configured.</summary>
    public static IApplicationBuilder UseSiloApiKey(this IApplicationBuilder app, IConfiguration configuration)
    {
        var check = new ApiKeyCheck(configuration[ConfigurationKey]);
        if (!check.IsRequired)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (check.HeaderMatches(context.Request) || check.BasicPasswordMatches(context.Request))
            {
                await next(context);
                return;
            }

            context.Response.Headers.WWWAuthenticate = new[] { "Basic realm=\"OrleansCache silo\", charset=\"UTF-8\"", $"ApiKey header=\"{ApiKeyCheck.HeaderName}\"" };
            await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: $"The API key is required: in the {ApiKeyCheck.HeaderName} header, or as the password of HTTP Basic authentication.")
                .ExecuteAsync(context);
        });
    }
}
