using OrleansCache.Caching;
using OrleansCache.Testing;

namespace OrleansCache.WebFrontend.Tests;

/// <summary>
/// The two-silo cluster of <see cref="ClusterFixture"/> with two in-memory frontends in front of it:
/// <see cref="A"/> enters the cluster at silo 0 and <see cref="B"/> at silo 1, as two frontend processes
/// connected to different gateways would.
/// </summary>
public sealed class FrontendFixture : ClusterFixture
{
    private FrontendFactory? _frontendA;
    private FrontendFactory? _frontendB;

    /// <summary>A client of the frontend whose grain calls enter the cluster at silo 0.</summary>
    public HttpClient A { get; private set; } = null!;

    /// <summary>A client of the frontend whose grain calls enter the cluster at silo 1.</summary>
    public HttpClient B { get; private set; } = null!;

    /// <summary>The lookups both frontends answered from their near caches: hits no silo counted.</summary>
    public NearHits NearHits() => _frontendA!.Near.Hits + _frontendB!.Near.Hits;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _frontendA = new FrontendFactory(Cluster.Silos[0].ServiceProvider);
        _frontendB = new FrontendFactory(Cluster.Silos[1].ServiceProvider);
        A = _frontendA.CreateLoggingClient();
        B = _frontendB.CreateLoggingClient();
    }

    public override async ValueTask DisposeAsync()
    {
        A?.Dispose();
        B?.Dispose();
        if (_frontendA is not null)
        {
            await _frontendA.DisposeAsync();
        }

        if (_frontendB is not null)
        {
            await _frontendB.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
