using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace OrleansCache.WebFrontend.Security;

/// <summary>
/// Requires the configured API key in <c>X-Api-Key</c> on every <c>/api/*</c> request, compared in constant time
/// (both sides are hashed first, so neither the content nor the length of the key leaks through timing).
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<SecurityOptions> options, IProblemDetailsService problems)
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[]? _expectedHash = string.IsNullOrEmpty(options.Value.ApiKey)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey));

    public async Task InvokeAsync(HttpContext context)
    {
        if (_expectedHash is null || !context.Request.Path.StartsWithSegments("/api") || IsAuthorized(context.Request))
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

    private bool IsAuthorized(HttpRequest request)
    {
        var presented = request.Headers[HeaderName];
        if (presented.Count != 1 || string.IsNullOrEmpty(presented[0]))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented[0]!), hash);
        return CryptographicOperations.FixedTimeEquals(hash, _expectedHash);
    }
}
