using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// What <c>/health/ready</c> writes: "Healthy" as text while the cluster and the database answer, and otherwise the
/// contract's 503, a problem (application/problem+json) with Retry-After whose detail says which dependency does not
/// answer, as any other request refused for an outage.
/// </summary>
internal static class ReadinessResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status != HealthStatus.Unhealthy)
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync(report.Status.ToString(), context.RequestAborted);
        }

        // The checks' descriptions are fixed sentences ("The cluster does not answer."): nothing of an exception.
        var detail = string.Join(
            " ",
            report.Entries.Values.Where(entry => entry.Status == HealthStatus.Unhealthy).Select(entry => entry.Description).OfType<string>());
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return UnavailableExceptionHandler.WriteUnavailableAsync(
            context, problems, detail.Length > 0 ? detail : "The cluster or the database does not answer.").AsTask();
    }
}
