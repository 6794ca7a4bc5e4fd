using Microsoft.Extensions.Logging;

namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>
/// Sends a frontend's logs to the output of the test whose request it is serving. The test server runs requests
/// outside the test's execution context, so <see cref="TestOutputCaptureHandler"/> hands over the output each
/// time a test sends a request; the tests of a collection run one at a time, so that is the test being served.
/// </summary>
internal sealed class TestOutputLoggerProvider : ILoggerProvider
{
    private volatile ITestOutputHelper? _output;

    /// <summary>The output of the test that sent the latest request.</summary>
    public ITestOutputHelper? Output
    {
        get => _output;
        set => _output = value;
    }

    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(this, categoryName);

    public void Dispose()
    {
    }
}
