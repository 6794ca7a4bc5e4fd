using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Metadata;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// Answers 503 with Retry-After when the cluster or the database cannot serve the request, instead of a 500.
/// Nothing of the exception reaches the client but a fixed sentence.
/// </summary>
internal sealed class UnavailableExceptionHandler(IProblemDetailsService problemDetails, IServiceProvider services) : IExceptionHandler
{
    private const int RetryAfterSeconds = 2;

    // The client's manifest keeps its initial version until the first one arrives from a silo.
    private bool HasNoClusterManifest() =>
        services.GetService<IClusterManifestProvider>() is { } manifest && manifest.Current.Version == MajorMinorVersion.MinValue;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var detail = exception switch
        {
            DatabaseUnavailableException => "The database is unavailable; retry shortly.",
            OrleansMessageRejectionException or ConnectionFailedException or TimeoutException =>
                "The cache cluster is unavailable; retry shortly.",

            // Before the client first reaches a silo it knows no grain types, and resolving one fails.
            ArgumentException when HasNoClusterManifest() => "The cache cluster is not reachable yet; retry shortly.",
            _ => null,
        };
        if (detail is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = detail,
            },
        });
    }
}
