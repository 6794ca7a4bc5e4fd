using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrleansCache.Security;

namespace OrleansCache.WebFrontend.Security;

/// <summary>
/// When <c>Security:ApiKey</c> is set, requires it in <c>X-Api-Key</c> on every request, whatever the path: the API,
/// the health routes, the OpenAPI document and unknown paths alike (so an unknown path does not tell a caller
/// without the key which paths exist). <c>Security:AllowAnonymousLiveness=true</c> opens <c>/health/live</c> alone,
/// for probes that cannot send a header.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<SecurityOptions> options, IProblemDetailsService problems)
{
    public const string HeaderName = ApiKeyCheck.HeaderName;

    private const string LivenessPath = "/health/live";

    private readonly ApiKeyCheck _check = new(options.Value.ApiKey);
    private readonly bool _anonymousLiveness = options.Value.AllowAnonymousLiveness;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_check.IsRequired
            || _check.HeaderMatches(context.Request)
            || (_anonymousLiveness && context.Request.Path.Equals(LivenessPath, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = $"A valid API key is required in the {HeaderName} header.",
            },
        });
    }
}
