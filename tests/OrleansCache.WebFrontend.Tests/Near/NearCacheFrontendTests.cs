using System.Net;
using OrleansCache.Caching;
using OrleansCache.Testing;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Near;

/// <summary>
/// The near cache in the real frontends on the two-silo cluster: repeated reads through one frontend are answered
/// from its memory (no grain lookup), and a write or a sync through the other frontend is still seen by the very
/// next read.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class NearCacheFrontendTests(FrontendFixture fixture)
{
    [Fact]
    public async Task Repeated_reads_come_from_memory_and_a_write_through_the_other_frontend_is_seen_by_the_next_read()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        await UntilNearHitsAsync(hits => hits.Profiles, async () =>
        {
            await fixture.A.GetProfileAsync(id);
            await fixture.A.GetProfileAsync(id);
        });

        var siloLookups = SiloLookups();
        var nearHits = fixture.NearHits().Profiles;
        var statsBefore = await NearHitsInStatsAsync("profiles");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(1, (await fixture.A.GetProfileAsync(id)).Version());
        }

        Assert.Equal(siloLookups, SiloLookups());
        Assert.Equal(nearHits + 10, fixture.NearHits().Profiles);
        Assert.Equal(statsBefore + 10, await NearHitsInStatsAsync("profiles"));

        using var patch = await fixture.B.SendJsonAsync(HttpMethod.Patch, Url(id), """{"name":"changed through B"}""", mediaType: "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var read = await fixture.A.GetProfileAsync(id);
        Assert.Equal(2, read.Version());
        Assert.Equal("changed through B", read.Text("name"));
    }

    [Fact]
    public async Task A_frontend_keeps_its_own_write_at_the_new_version_so_its_next_read_needs_no_grain_call()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        await UntilNearHitsAsync(hits => hits.Profiles, () => fixture.A.GetProfileAsync(id));

        using var patch = await fixture.A.SendJsonAsync(HttpMethod.Patch, Url(id), """{"name":"mine"}""", mediaType: "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var siloLookups = SiloLookups();
        var nearHits = fixture.NearHits().Profiles;

        var read = await fixture.A.GetProfileAsync(id);

        Assert.Equal(2, read.Version());
        Assert.Equal("mine", read.Text("name"));
        Assert.Equal(siloLookups, SiloLookups());
        Assert.Equal(nearHits + 1, fixture.NearHits().Profiles);
    }

    [Fact]
    public async Task Repeated_list_pages_come_from_memory_and_a_create_through_the_other_frontend_is_in_the_next_page()
    {
        await fixture.A.CreateProfileAsync(TestIds.New());
        await UntilNearHitsAsync(hits => hits.Profiles, async () =>
        {
            await fixture.A.ListProfilesAsync();
            await fixture.A.ListProfilesAsync("?limit=1");
        });

        var siloLookups = SiloLookups();
        var all = await fixture.A.ListProfilesAsync();
        var page = await fixture.A.ListProfilesAsync($"?offset={all.Count - 1}&limit=5");
        Assert.Equal(siloLookups, SiloLookups());
        Assert.Equal(all[^1].GetProperty("id").GetString(), Assert.Single(page).GetProperty("id").GetString());

        var id = TestIds.New();
        await fixture.B.CreateProfileAsync(id);

        var after = await fixture.A.ListProfilesAsync();
        Assert.Equal(all.Count + 1, after.Count);
        Assert.Equal(id, after[^1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Repeated_model_lookups_come_from_memory_and_a_sync_through_the_other_frontend_is_seen_by_the_next_lookup()
    {
        var provider = "near" + TestIds.New();
        await fixture.B.SyncModelsAsync(provider, """{ "id": "m1", "name": "before", "capabilities": ["chat"] }""");
        var filter = $"?provider={provider}&capability=CHAT";

        await UntilNearHitsAsync(hits => hits.Models, async () =>
        {
            await fixture.A.ListModelsAsync(filter);
            await fixture.A.GetModelAsync(provider, "m1");
            await fixture.A.ListModelsAsync(filter);
            await fixture.A.GetModelAsync(provider, "m1");
        });

        var siloLookups = fixture.SiloCounts().Sum(silo => silo.Totals.ModelHits + silo.Totals.ModelMisses);
        var nearHits = fixture.NearHits().Models;
        var statsBefore = await NearHitsInStatsAsync("models");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("before", Assert.Single(await fixture.A.ListModelsAsync($"?capability=chat&provider={provider.ToUpperInvariant()}")).GetProperty("name").GetString());
            Assert.Equal("before", (await fixture.A.GetModelAsync(provider, "m1")).GetProperty("name").GetString());
        }

        Assert.Equal(siloLookups, fixture.SiloCounts().Sum(silo => silo.Totals.ModelHits + silo.Totals.ModelMisses));
        Assert.Equal(nearHits + 10, fixture.NearHits().Models);
        Assert.Equal(statsBefore + 10, await NearHitsInStatsAsync("models"));

        await fixture.B.SyncModelsAsync(provider, """{ "id": "m1", "name": "after", "capabilities": ["chat"] }""");

        Assert.Equal("after", Assert.Single(await fixture.A.ListModelsAsync(filter)).GetProperty("name").GetString());
        Assert.Equal("after", (await fixture.A.GetModelAsync(provider, "m1")).GetProperty("name").GetString());
    }

    // Once A's membership in the near-cache directory is renewed, reads it holds a lease for are near hits: repeats
    // the reads until they made some.
    private Task<long> UntilNearHitsAsync(Func<NearHits, long> count, Func<Task> reads) =>
        Eventually.UntilAsync(
            async () =>
            {
                var before = count(fixture.NearHits());
                await reads();
                return count(fixture.NearHits()) - before;
            },
            hits => hits > 0,
            TimeSpan.FromSeconds(30),
            "near hits in frontend A");

    // The stats' "near" breakdown of a cache, read through the other frontend.
    private async Task<long> NearHitsInStatsAsync(string cache)
    {
        using var response = await fixture.B.GetAsync(CacheStatsHttp.StatsRoute, TestContext.Current.CancellationToken);
        var stats = await response.ReadJsonAsync(HttpStatusCode.OK);
        return CacheStatsHttp.CacheEntry(stats, cache).GetProperty("near").GetProperty("hits").GetInt64();
    }

    private long SiloLookups() => fixture.SiloCounts().Sum(silo => silo.Totals.ProfileHits + silo.Totals.ProfileMisses);
}
