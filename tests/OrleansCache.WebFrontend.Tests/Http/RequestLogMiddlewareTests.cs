using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Tests.Http;

public sealed class RequestLogMiddlewareTests
{
    [Fact]
    public async Task A_request_is_one_line_with_the_route_template_status_duration_and_trace_id_and_no_secret()
    {
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(new ListLoggerProvider()).SetMinimumLevel(LogLevel.Information));
        var middleware = new RequestLogMiddleware(context => { context.Response.StatusCode = 404; return Task.CompletedTask; }, loggers);
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/api/profiles/secret-id";
        context.Request.QueryString = new QueryString("?token=abc");
        context.Request.Headers["X-Api-Key"] = "top-secret-key";
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/profiles/{id}"), 0, null, "GetProfile"));

        using var activity = new Activity("request").SetParentId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").Start();
        await middleware.InvokeAsync(context);

        var line = Assert.Single(ListLoggerProvider.Lines);
        Assert.Equal(("OrleansCache.Requests", LogLevel.Information), (line.Category, line.Level));
        Assert.Matches(@"^GET /api/profiles/\{id\} answered 404 in \d+\.\d ms, trace 4bf92f3577b34da6a3ce929d0e0e4736$", line.Message);
        Assert.DoesNotContain("secret", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", line.Message, StringComparison.Ordinal);
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public static ConcurrentQueue<(string Category, LogLevel Level, string Message)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName);

        public void Dispose()
        {
        }

        private sealed class ListLogger(string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                Lines.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
