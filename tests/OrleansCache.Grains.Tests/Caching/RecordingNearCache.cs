using System.Collections.Concurrent;
using OrleansCache.Caching;

namespace OrleansCache.Grains.Tests.Caching;

/// <summary>
/// A frontend's near cache as the grains see it, that records the invalidations and clears it receives; with
/// <see cref="Unresponsive"/> it never confirms one (a paused frontend).
/// </summary>
internal sealed class RecordingNearCache : INearCache
{
    public ConcurrentQueue<(string Id, long Version)> Invalidations { get; } = new();

    public bool Unresponsive { get; init; }

    public Task InvalidateAsync(string id, long version)
    {
        Invalidations.Enqueue((id, version));
        return Unresponsive ? new TaskCompletionSource().Task : Task.CompletedTask;
    }

    public ConcurrentQueue<string> ModelInvalidations { get; } = new();

    public ConcurrentQueue<string> ListInvalidations { get; } = new();

    public Task InvalidateListAsync()
    {
        ListInvalidations.Enqueue("list");
        return Unresponsive ? new TaskCompletionSource().Task : Task.CompletedTask;
    }

    public Task InvalidateModelsAsync()
    {
        ModelInvalidations.Enqueue("models");
        return Unresponsive ? new TaskCompletionSource().Task : Task.CompletedTask;
    }

    public Task ClearAsync() => Task.CompletedTask;

    public Task<NearHits> ReadHitsAsync() => Task.FromResult(default(NearHits));
}
