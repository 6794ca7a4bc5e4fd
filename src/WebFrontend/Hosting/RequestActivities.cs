using System.Diagnostics;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>
/// Makes ASP.NET Core give every request an activity, so its trace id (the one a client's <c>traceparent</c> names,
/// or a new one) reaches the problem's <c>trace_id</c> and the request log line even while tracing is off. ASP.NET Core
/// creates the activity only for a listener, a diagnostic subscriber or an enabled <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>
/// logger, which the frontend switches off (its scope carries the raw path). This listener asks for ids only
/// (<see cref="ActivitySamplingResult.PropagationData"/>): nothing is recorded, and nothing is exported.
/// </summary>
internal sealed class RequestActivities : IHostedService, IDisposable
{
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == AspNetCoreSource,
        Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();
}
