using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OrleansCache.Cluster;

namespace OrleansCache.WebFrontend.Limits;

/// <summary>Registration of the optional rate limit (<see cref="RateLimitingOptions"/>), with ASP.NET Core's rate limiter.</summary>
internal static class RateLimitingExtensions
{
    /// <summary>Binds and checks <c>RateLimiting</c>; when it is enabled, a fixed-window limit per client address on <c>/api/*</c>.</summary>
    public static WebApplicationBuilder AddApiRateLimiting(this WebApplicationBuilder builder, StartupSettings settings)
    {
        var limits = settings.Bind(RateLimitingOptions.Section, new RateLimitingOptionsValidator());
        builder.Services.AddSingleton(Options.Create(limits));
        if (!limits.Enabled)
        {
            return builder;
        }

        // Built once: a request allocates no delegate or options of its own to find its client's limiter.
        var window = new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0 };
        Func<object, FixedWindowRateLimiterOptions> windowOf = _ => window;

        // A key of its own, which no client address equals (a client without one, as in tests, counts as IPAddress.None).
        var unlimited = RateLimitPartition.GetNoLimiter(new object());
        builder.Services.AddRateLimiter(options =>
        {
            // Health probes and the OpenAPI document are not the API: a limited client's load balancer still sees it live.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, object>(context =>
                context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress ?? IPAddress.None, windowOf)
                    : unlimited);
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => RejectAsync(context, limits);
        });
        return builder;
    }

    /// <summary>Applies the limit when <c>RateLimiting:Enabled</c> is true.</summary>
    public static IApplicationBuilder UseApiRateLimiting(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        return limits.Enabled ? app.UseRateLimiter() : app;
    }

    // The contract's error shape: a 429 problem, and Retry-After in whole seconds until the window lets the client in again.
    private static ValueTask RejectAsync(OnRejectedContext context, RateLimitingOptions limits)
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : limits.Window;
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        // As every other problem of the API: application/problem+json whatever Accept says.
        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"This client sent more than {limits.PermitLimit} requests in {limits.Window}; retry after the Retry-After seconds.");
        // ASP.NET Core has no default type for 429; the contract wants one on every problem: RFC 6585's definition.
        return new ValueTask(TypedResults.Problem(
            detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", type: "https://tools.ietf.org/html/rfc6585#section-4")
            .ExecuteAsync(http));
    }
}
