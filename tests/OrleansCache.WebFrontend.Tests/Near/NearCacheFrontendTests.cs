using System.Net;
using OrleansCache.Testing;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Near;

/// <summary>
/// The near cache in the real frontends on the two-silo cluster: repeated reads through one frontend are answered
/// from its memory (no grain lookup), and a write through the other frontend is still seen by the very next read.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class NearCacheFrontendTests(FrontendFixture fixture)
{
    [Fact]
    public async Task Repeated_reads_come_from_memory_and_a_write_through_the_other_frontend_is_seen_by_the_next_read()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        // Once A's membership in the near-cache directory is renewed, a read it has a lease for is a near hit.
        await Eventually.UntilAsync(
            async () =>
            {
                var before = fixture.NearHits();
                await fixture.A.GetProfileAsync(id);
                await fixture.A.GetProfileAsync(id);
                return fixture.NearHits() - before;
            },
            hits => hits > 0,
            TimeSpan.FromSeconds(30),
            "a near hit in frontend A");

        var siloLookups = SiloLookups();
        var nearHits = fixture.NearHits();
        var statsBefore = await NearHitsInStatsAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(1, (await fixture.A.GetProfileAsync(id)).Version());
        }

        Assert.Equal(siloLookups, SiloLookups());
        Assert.Equal(nearHits + 10, fixture.NearHits());
        Assert.Equal(statsBefore + 10, await NearHitsInStatsAsync());

        using var patch = await fixture.B.SendJsonAsync(HttpMethod.Patch, Url(id), """{"name":"changed through B"}""", mediaType: "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var read = await fixture.A.GetProfileAsync(id);
        Assert.Equal(2, read.Version());
        Assert.Equal("changed through B", read.Text("name"));
    }

    // The stats' "near" breakdown of the profile cache, read through the other frontend.
    private async Task<long> NearHitsInStatsAsync()
    {
        using var response = await fixture.B.GetAsync(CacheStatsHttp.StatsRoute, TestContext.Current.CancellationToken);
        var stats = await response.ReadJsonAsync(HttpStatusCode.OK);
        return CacheStatsHttp.CacheEntry(stats, "profiles").GetProperty("near").GetProperty("hits").GetInt64();
    }

    private long SiloLookups() => fixture.SiloCounts().Sum(silo => silo.Totals.ProfileHits + silo.Totals.ProfileMisses);
}
