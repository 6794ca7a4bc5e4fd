using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// One structured log line per request, at Information, with the route template (never the raw path: ids and
/// query strings stay out of the logs), the status and the duration. Headers (the API key among them) are
/// never logged. The line ends with the request's trace id, to find its trace (and its problem's <c>trace_id</c>). Set the category <c>OrleansCache.Requests</c> to Warning to silence it. ASP.NET Core's own request
/// scope, which carries the raw path, is switched off where the logging is composed (<c>AddHttpConventions</c>).
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("OrleansCache.Requests");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }

        // Read before the request runs: the exception handler clears the endpoint when it answers an outage with 503,
        // and that line must name the route too.
        var endpoint = context.GetEndpoint();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = ((endpoint ?? context.GetEndpoint()) as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            var durationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var activity = context.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current;
            var traceId = activity?.TraceId.ToHexString() ?? "-";
            LogRequest(_logger, context.Request.Method, route, context.Response.StatusCode, durationMs, traceId);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Route} answered {StatusCode} in {DurationMs:0.0} ms, trace {TraceId}")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double durationMs, string traceId);
}
