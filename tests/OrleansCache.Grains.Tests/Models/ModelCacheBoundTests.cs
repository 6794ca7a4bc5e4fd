using OrleansCache.Models;
using static OrleansCache.Grains.Tests.Models.ModelTestData;

namespace OrleansCache.Grains.Tests.Models;

[Collection(SmallModelCacheClusterCollection.Name)]
public sealed class ModelCacheBoundTests(SmallModelCacheClusterFixture fixture)
{
    private const int MaxEntries = SmallModelCacheClusterFixture.MaxEntries;

    [Fact]
    public async Task Thousands_of_distinct_searches_keep_at_most_max_entries_and_the_latest_stays_cached()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("alpha", "Alpha"), Model("beta", "Beta"));
        var before = ModelCounts.Of(fixture);

        const int searches = 3000;
        var queries = Enumerable.Range(0, searches).Select(i => ModelQuery.List(provider, null, null, $"q{i}")).ToArray();
        foreach (var batch in queries.Chunk(100))
        {
            await Task.WhenAll(batch.Select((q, i) => Catalog(fixture.GrainFactoryOfSilo(i % 2)).GetAsync(q).AsTask()));
            Assert.InRange(ModelCounts.Of(fixture).Entries, 1, MaxEntries);
        }

        var latest = ModelQuery.List(provider, null, null, "ALPH");
        Assert.Equal([(provider, "alpha")], Keys(await Catalog(fixture.GrainFactoryOfSilo(0)).GetAsync(latest)));
        var filled = ModelCounts.Of(fixture);
        Assert.Equal(searches + 1, filled.Since(before).Misses);
        Assert.Equal(MaxEntries, filled.Entries);

        // The most recent answer is still there; the first search was evicted long ago.
        Assert.Equal([(provider, "alpha")], Keys(await Catalog(fixture.GrainFactoryOfSilo(1)).GetAsync(latest)));
        var hit = ModelCounts.Of(fixture);
        Assert.Equal(new ModelCounts(Hits: 1, Misses: 0, Entries: 0, Reads: 0), hit.Since(filled));

        await Catalog(fixture.Client).GetAsync(queries[0]);
        Assert.Equal(new ModelCounts(Hits: 0, Misses: 1, Entries: 0, Reads: 1), ModelCounts.Of(fixture).Since(hit));
    }

    [Fact]
    public async Task The_least_recently_used_answer_is_the_one_evicted()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("m", "M"));
        var queries = Enumerable.Range(0, MaxEntries + 1).Select(i => ModelQuery.List(provider, null, null, $"q{i}")).ToArray();
        var catalog = Catalog(fixture.Client);
        for (var i = 0; i < MaxEntries; i++)
        {
            await catalog.GetAsync(queries[i]);
        }

        Assert.Equal(MaxEntries, ModelCounts.Of(fixture).Entries);

        // Reading q0 makes it the most recent, so the next load evicts q1, the oldest unread, instead.
        await AssertHitAsync(queries[0], hit: true);
        await AssertHitAsync(queries[MaxEntries], hit: false);
        Assert.Equal(MaxEntries, ModelCounts.Of(fixture).Entries);
        await AssertHitAsync(queries[2], hit: true);
        await AssertHitAsync(queries[0], hit: true);
        await AssertHitAsync(queries[1], hit: false);
    }

    private async Task AssertHitAsync(ModelQuery query, bool hit)
    {
        var before = ModelCounts.Of(fixture);
        await Catalog(fixture.GrainFactoryOfSilo(1)).GetAsync(query);
        var delta = ModelCounts.Of(fixture).Since(before);
        Assert.Equal((hit ? 1 : 0, hit ? 0 : 1, hit ? 0 : 1), (delta.Hits, delta.Misses, delta.Reads));
    }
}
