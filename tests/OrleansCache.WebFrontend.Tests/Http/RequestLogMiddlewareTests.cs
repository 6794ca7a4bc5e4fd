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
        var logs = new ListLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var middleware = new RequestLogMiddleware(context => { context.Response.StatusCode = 404; return Task.CompletedTask; }, loggers);
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/api/profiles/secret-id";
        context.Request.QueryString = new QueryString("?token=abc");
        context.Request.Headers["X-Api-Key"] = "top-secret-key";
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/profiles/{id}"), 0, null, "GetProfile"));

        using var activity = new Activity("request").SetParentId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").Start();
        await middleware.InvokeAsync(context);

        var line = Assert.Single(logs.Lines);
        Assert.Equal(("OrleansCache.Requests", LogLevel.Information), (line.Category, line.Level));
        Assert.Matches(@"^GET /api/profiles/\{id\} answered 404 in \d+\.\d ms, trace 4bf92f3577b34da6a3ce929d0e0e4736$", line.Message);
        Assert.DoesNotContain("secret", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_503_whose_endpoint_the_exception_handler_cleared_still_names_the_route()
    {
        var logs = new ListLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var middleware = new RequestLogMiddleware(
            context =>
            {
                // What UseExceptionHandler does before its handler answers an outage.
                context.SetEndpoint(null);
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            },
            loggers);
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/api/models/openai/gpt-secret";
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/models/{provider}/{**id}"), 0, null, "GetModel"));

        await middleware.InvokeAsync(context);

        Assert.Contains(logs.Lines, line => line.Message.StartsWith("GET /api/models/{provider}/{**id} answered 503 in ", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Message.Contains("secret", StringComparison.Ordinal));
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        // Per provider, so tests of this class never see each other's lines.
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(string category, ConcurrentQueue<(string Category, LogLevel Level, string Message)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
