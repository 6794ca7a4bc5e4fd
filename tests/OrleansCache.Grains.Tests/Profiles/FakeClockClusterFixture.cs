using Microsoft.Extensions.Time.Testing;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Profiles;

/// <summary>A cluster whose grains run on a fake clock, so a TTL can pass without waiting for it.</summary>
public sealed class FakeClockClusterFixture : ClusterFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public static TimeSpan Ttl => TimeSpan.FromSeconds(60);

    protected override TimeSpan ProfileTtl => Ttl;

    protected override TimeProvider? GrainClock => Clock;

    /// <summary>Moves the clock on, off the test's thread: timers fire inline in Advance.</summary>
    public Task AdvanceAsync(TimeSpan by) => Task.Run(() => Clock.Advance(by)).WaitAsync(TimeSpan.FromSeconds(30));
}
