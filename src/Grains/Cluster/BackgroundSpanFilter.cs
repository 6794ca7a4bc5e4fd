using System.Diagnostics;
using OpenTelemetry;

namespace OrleansCache.Cluster;

/// <summary>
/// Leaves out of the traces the grain calls that no request caused: Orleans' own background work (membership table
/// reads and heartbeats, directory lookups, the dashboard's and the statistics' timers) starts hundreds of root spans a
/// minute per silo, which would bury the requests. A span of an Orleans source that starts a trace is marked not
/// recorded, so neither it nor anything under it (here or, through the propagated flags, in another process) is
/// exported. Grain calls made while serving a request have a parent and are kept.
/// </summary>
public sealed class BackgroundSpanFilter : BaseProcessor<Activity>
{
    /// <inheritdoc />
    public override void OnStart(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ParentSpanId == default && data.Source.Name.StartsWith("Microsoft.Orleans.", StringComparison.Ordinal))
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            data.IsAllDataRequested = false;
        }
    }
}
