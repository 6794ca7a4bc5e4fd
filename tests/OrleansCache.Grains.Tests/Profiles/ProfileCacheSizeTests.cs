using OrleansCache.Profiles;
using OrleansCache.Testing;
using static OrleansCache.Grains.Tests.Profiles.ProfileTestData;

namespace OrleansCache.Grains.Tests.Profiles;

[Collection(FakeClockClusterCollection.Name)]
public sealed class ProfileCacheSizeTests(FakeClockClusterFixture fixture)
{
    [Fact]
    public async Task The_size_counts_loaded_profiles_and_drops_them_when_they_expire()
    {
        var ids = Enumerable.Range(0, 10).Select(_ => NewId()).ToArray();
        foreach (var id in ids)
        {
            await InsertRowAsync(fixture.Database, id, "sized");
        }

        var before = Entries();
        await Task.WhenAll(ids.Select((id, i) => fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileGrain>(id).GetAsync().AsTask()));
        Assert.Equal(before + ids.Length, Entries());

        // Every profile loaded so far (these and any other test's) expires within one TTL.
        await fixture.AdvanceAsync(FakeClockClusterFixture.Ttl + TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(() => Task.FromResult(Entries()), entries => entries == 0, TimeSpan.FromSeconds(30), "every profile to expire");
    }

    private long Entries() => fixture.SiloCounts().Sum(c => c.ProfileEntries);
}
