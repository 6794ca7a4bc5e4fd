using System.Globalization;
using System.Net;
using System.Text.Json;
using OrleansCache.Caching;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.CacheStatsHttp;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Cache;

/// <summary>
/// <c>GET /api/cache/stats</c>: its shape, and exact counts. The counters are cluster-wide and include every
/// request already answered; the tests of this collection run one at a time, so a test's own requests are the
/// only traffic between its two reads of the stats, and it compares the two.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class CacheApiTests(FrontendFixture fixture)
{
    [Fact]
    public async Task Stats_have_the_contract_shape_for_both_caches()
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Get, StatsRoute);

        var stats = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["caches", "database"], stats.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["profiles", "models"], stats.GetProperty("caches").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        foreach (var (name, ttl) in new[] { ("profiles", 60), ("models", 300) })
        {
            var cache = CacheEntry(stats, name);
            Assert.Equal(
                ["hit_rate", "hits", "misses", "name", "near", "size", "ttl"],
                cache.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            foreach (var counter in new[] { "hits", "misses", "size" })
            {
                Assert.Equal(JsonValueKind.Number, cache.GetProperty(counter).ValueKind);
                Assert.True(cache.GetProperty(counter).GetInt64() >= 0, $"{counter} is negative: {cache}");
            }

            Assert.Matches(@"^\d{1,3}\.\d%$", cache.GetProperty("hit_rate").GetString());
            Assert.Equal(ttl, cache.GetProperty("ttl").GetInt64());

            // The contract lets an entry add fields: the near caches' share of the hits.
            var near = cache.GetProperty("near");
            Assert.Equal(["hits"], near.EnumerateObject().Select(p => p.Name));
            Assert.InRange(near.GetProperty("hits").GetInt64(), 0, cache.GetProperty("hits").GetInt64());
        }

        var database = stats.GetProperty("database");
        Assert.Equal(["reads", "writes"], database.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Number, database.GetProperty("reads").ValueKind);
        Assert.Equal(JsonValueKind.Number, database.GetProperty("writes").ValueKind);
    }

    [Fact]
    public async Task Reads_of_a_profile_not_yet_in_memory_count_one_miss_then_hits()
    {
        // A row put in behind the API's back: no silo holds it until the first read loads it.
        var id = TestIds.New();
        await fixture.Database.InsertAsync(id, "Cold", "2001-01-01T00:00:00.000Z");
        var before = await StatsAsync(fixture.A);

        const int Reads = 7;
        for (var i = 0; i < Reads; i++)
        {
            var frontend = i % 2 == 0 ? fixture.A : fixture.B;
            Assert.Equal("Cold", (await frontend.GetProfileAsync(id)).Text("name"));
        }

        var after = await StatsAsync(fixture.B);
        Assert.Equal(Reads - 1, after.Profiles.Hits - before.Profiles.Hits);
        Assert.Equal(1, after.Profiles.Misses - before.Profiles.Misses);
        Assert.Equal(1, after.Reads - before.Reads);
        Assert.Equal(0, after.Writes - before.Writes);
    }

    [Fact]
    public async Task Reads_of_a_profile_written_through_the_api_are_all_hits()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        var before = await StatsAsync(fixture.B);

        const int Reads = 5;
        for (var i = 0; i < Reads; i++)
        {
            await (i % 2 == 0 ? fixture.B : fixture.A).GetProfileAsync(id);
        }

        using (var notModified = await fixture.B.SendAsync(HttpMethod.Get, Url(id), ifNoneMatch: "\"1\""))
        {
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        var after = await StatsAsync(fixture.A);
        Assert.Equal(Reads + 1, after.Profiles.Hits - before.Profiles.Hits);
        Assert.Equal(0, after.Profiles.Misses - before.Profiles.Misses);
        Assert.Equal(0, after.Reads - before.Reads);
    }

    [Fact]
    public async Task A_read_of_an_absent_profile_is_a_miss_that_reads_the_database()
    {
        var before = await StatsAsync(fixture.A);

        using (var response = await fixture.B.SendAsync(HttpMethod.Get, Url(TestIds.New())))
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }

        var after = await StatsAsync(fixture.A);
        Assert.Equal(0, after.Profiles.Hits - before.Profiles.Hits);
        Assert.Equal(1, after.Profiles.Misses - before.Profiles.Misses);
        Assert.Equal(1, after.Reads - before.Reads);
    }

    [Fact]
    public async Task Each_list_read_is_one_lookup_and_a_write_makes_the_next_one_a_miss()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        var before = await StatsAsync(fixture.A);

        await fixture.B.ListProfilesAsync();
        await fixture.A.ListProfilesAsync("?limit=1");
        await fixture.B.ListProfilesAsync("?offset=1");

        var afterReads = await StatsAsync(fixture.B);
        Assert.Equal(2, afterReads.Profiles.Hits - before.Profiles.Hits);
        Assert.Equal(1, afterReads.Profiles.Misses - before.Profiles.Misses);
        Assert.Equal(1, afterReads.Reads - before.Reads);

        using (var patch = await fixture.B.SendJsonAsync(HttpMethod.Patch, Url(id), """{ "model": "x" }""", mediaType: MergePatch))
        {
            await patch.ReadJsonAsync(HttpStatusCode.OK);
        }

        await fixture.A.ListProfilesAsync();
        var afterWrite = await StatsAsync(fixture.A);
        Assert.Equal(0, afterWrite.Profiles.Hits - afterReads.Profiles.Hits);
        Assert.Equal(1, afterWrite.Profiles.Misses - afterReads.Profiles.Misses);
        Assert.Equal(1, afterWrite.Reads - afterReads.Reads);
        Assert.Equal(1, afterWrite.Writes - afterReads.Writes);
    }

    [Fact]
    public async Task Writes_count_no_lookups_and_one_statement_each()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        var before = await StatsAsync(fixture.A);

        using (var put = await fixture.A.SendJsonAsync(HttpMethod.Put, Url(id), """{ "name": "One" }"""))
        {
            await put.ReadJsonAsync(HttpStatusCode.OK);
        }

        using (var patch = await fixture.B.SendJsonAsync(HttpMethod.Patch, Url(id), """{ "name": "Two" }""", mediaType: MergePatch))
        {
            await patch.ReadJsonAsync(HttpStatusCode.OK);
        }

        using (var delete = await fixture.A.SendAsync(HttpMethod.Delete, Url(id)))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var after = await StatsAsync(fixture.B);
        Assert.Equal(0, after.Profiles.Hits - before.Profiles.Hits);
        Assert.Equal(0, after.Profiles.Misses - before.Profiles.Misses);
        Assert.Equal(3, after.Writes - before.Writes);
        Assert.Equal(0, after.Reads - before.Reads);
    }

    [Fact]
    public async Task Both_frontends_report_the_same_cluster_wide_figures_as_the_silos_hold()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        await fixture.B.GetProfileAsync(id);

        var throughA = await StatsAsync(fixture.A);
        var throughB = await StatsAsync(fixture.B);
        var (reads, writes) = fixture.DatabaseStatements();
        var silos = fixture.SiloCounts();
        // Every frontend of this cluster (other tests' too) answers some profile lookups from its near cache.
        var nearHits = await fixture.Client.GetGrain<INearCacheDirectoryGrain>(INearCacheDirectoryGrain.Key).ReadHitsAsync();
        var ours = fixture.NearHits();
        Assert.True(
            nearHits.Profiles >= ours.Profiles && nearHits.Models >= ours.Models,
            "The directory counts at least these two frontends' near hits.");

        Assert.Equal(throughA, throughB);
        Assert.Equal(reads, throughA.Reads);
        Assert.Equal(writes, throughA.Writes);
        Assert.Equal(silos.Sum(s => s.Totals.ProfileHits) + nearHits.Profiles, throughA.Profiles.Hits);
        Assert.Equal(silos.Sum(s => s.Totals.ProfileMisses), throughA.Profiles.Misses);
        Assert.Equal(silos.Sum(s => s.ProfileEntries), throughA.Profiles.Size);
        Assert.True(throughA.Profiles.Size >= 1, "The profile just created is held in memory.");
    }

    [Fact]
    public async Task The_hit_rate_is_hits_over_lookups_with_one_decimal()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        await fixture.A.GetProfileAsync(id);

        var stats = await StatsAsync(fixture.A);

        var expected = 100m * stats.Profiles.Hits / (stats.Profiles.Hits + stats.Profiles.Misses);
        Assert.Equal(Math.Round(expected, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + "%", stats.Profiles.HitRate);
    }

    [Theory]
    [InlineData(234, 45, "83.9%")]
    [InlineData(156, 8, "95.1%")]
    [InlineData(0, 0, "0.0%")]
    [InlineData(0, 5, "0.0%")]
    [InlineData(5, 0, "100.0%")]
    [InlineData(1, 2, "33.3%")]
    [InlineData(2, 1, "66.7%")]
    [InlineData(1, 15, "6.3%")]
    [InlineData(999, 1, "99.9%")]
    [InlineData(9999, 1, "100.0%")]
    public void Hit_rate_is_formatted_as_a_percentage_with_one_decimal(long hits, long misses, string expected) =>
        Assert.Equal(expected, OrleansCache.Statistics.CacheStatsEntry.FormatHitRate(hits, misses));

    private static Task<CacheStats> StatsAsync(HttpClient frontend) => frontend.GetCacheStatsAsync();
}
