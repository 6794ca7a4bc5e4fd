namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Before each request, tells the frontend's logger which test's output to write to.</summary>
internal sealed class TestOutputCaptureHandler(TestOutputLoggerProvider logs) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        logs.Output = TestContext.Current.TestOutputHelper;
        return base.SendAsync(request, cancellationToken);
    }
}
