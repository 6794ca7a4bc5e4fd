using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Models;

/// <summary>
/// A cluster whose grains run on a fake clock, with a model TTL of its own (unlike the profile TTL and the default),
/// so a model TTL can pass without waiting for it and the stats can be seen to report it.
/// </summary>
public sealed class ModelClockClusterFixture : ClusterFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-24T10:00:00Z", CultureInfo.InvariantCulture));

    public static TimeSpan ModelTtl => TimeSpan.FromSeconds(90);

    protected override TimeProvider? GrainClock => Clock;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Cache:Models:Ttl", ModelTtl.ToString("c", CultureInfo.InvariantCulture))];

    /// <summary>Moves the clock on, off the test's thread: timers fire inline in Advance.</summary>
    public Task AdvanceAsync(TimeSpan by) => Task.Run(() => Clock.Advance(by)).WaitAsync(TimeSpan.FromSeconds(30));
}
