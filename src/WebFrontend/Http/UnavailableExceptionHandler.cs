using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// Answers 503 with Retry-After when the cluster or the database cannot serve the request (and 409 when the database
/// refused a key as taken), instead of a 500.
/// Nothing of the exception reaches the client but a fixed sentence.
/// </summary>
internal sealed class UnavailableExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    private const int RetryAfterSeconds = 2;

    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is DatabaseConflictException)
        {
            return ConflictAsync(httpContext, problemDetails, exception);
        }

        var detail = exception switch
        {
            DatabaseUnavailableException => "The database is unavailable; retry shortly.",
            _ when OrleansFailures.IsOutage(exception) => "The cache cluster is unavailable; retry shortly.",

            // Rejected again after every retry (OrleansFailures.CallAsync): not an outage, but nothing ran.
            _ when OrleansFailures.IsRejectionToRetry(exception) => "The cache could not take the request now; retry shortly.",
            _ => null,
        };
        return detail is null ? ValueTask.FromResult(false) : WriteUnavailableAsync(httpContext, problemDetails, detail, exception);
    }

    /// <summary>Writes a 503 problem with Retry-After and <paramref name="detail"/>, a fixed sentence.</summary>
    public static ValueTask<bool> WriteUnavailableAsync(
        HttpContext httpContext, IProblemDetailsService problemDetails, string detail, Exception? exception = null)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteAsync(httpContext, problemDetails, StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail, exception);
    }

    // A unique key the database refused (a race the grain could not see coming): the contract's 409, never a 500.
    private static ValueTask<bool> ConflictAsync(HttpContext httpContext, IProblemDetailsService problemDetails, Exception exception) =>
        WriteAsync(httpContext, problemDetails, StatusCodes.Status409Conflict, "Conflict", "The change conflicts with what is stored: the key is taken.", exception);

    private static ValueTask<bool> WriteAsync(
        HttpContext httpContext, IProblemDetailsService problemDetails, int status, string title, string detail, Exception? exception)
    {
        httpContext.Response.StatusCode = status;
        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
