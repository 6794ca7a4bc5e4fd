using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// Answers 503 with Retry-After when the cluster or the database cannot serve the request, instead of a 500.
/// Nothing of the exception reaches the client but a fixed sentence.
/// </summary>
internal sealed class UnavailableExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    private const int RetryAfterSeconds = 2;

    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var detail = exception switch
        {
            DatabaseUnavailableException => "The database is unavailable; retry shortly.",
            OrleansMessageRejectionException or ConnectionFailedException or TimeoutException =>
                "The cache cluster is unavailable; retry shortly.",
            _ => null,
        };
        return detail is null ? ValueTask.FromResult(false) : WriteUnavailableAsync(httpContext, problemDetails, detail, exception);
    }

    /// <summary>Writes a 503 problem with Retry-After and <paramref name="detail"/>, a fixed sentence.</summary>
    public static async ValueTask<bool> WriteUnavailableAsync(
        HttpContext httpContext, IProblemDetailsService problemDetails, string detail, Exception? exception = null)
    {
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
