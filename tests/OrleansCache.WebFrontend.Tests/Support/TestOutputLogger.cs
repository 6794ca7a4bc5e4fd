using Microsoft.Extensions.Logging;

namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Writes log lines to the output its provider names; drops them when there is none.</summary>
internal sealed class TestOutputLogger(TestOutputLoggerProvider provider, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel) || provider.Output is not { } output)
        {
            return;
        }

        var line = $"[{logLevel}] {category}: {formatter(state, exception)}";
        try
        {
            output.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
        }
        catch (InvalidOperationException)
        {
            // That test has finished.
        }
    }
}
