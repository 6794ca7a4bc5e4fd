using OrleansCache.Models;
using OrleansCache.Testing;
using static OrleansCache.Grains.Tests.Models.ModelTestData;

namespace OrleansCache.Grains.Tests.Models;

[Collection(ModelClockClusterCollection.Name)]
public sealed class ModelTtlTests(ModelClockClusterFixture fixture)
{
    private static readonly TimeSpan Ttl = ModelClockClusterFixture.ModelTtl;

    [Fact]
    public async Task A_model_edited_in_the_database_is_stale_before_the_ttl_and_fresh_after_it()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("m", "through the api", ["chat"]));
        var list = ModelQuery.List(provider, "chat", null, null);
        var one = ModelQuery.One(provider, "m");
        await Catalog(fixture.GrainFactoryOfSilo(0)).GetAsync(list);
        await Catalog(fixture.GrainFactoryOfSilo(1)).GetAsync(one);
        await fixture.Database.ExecuteAsync("UPDATE models SET name = 'behind the api' WHERE provider = @p AND id = 'm';", ("@p", provider));

        // Reads through the TTL answer from the cache and do not extend it: the TTL runs from the load.
        foreach (var step in new[] { Ttl / 3, Ttl / 3, Ttl / 3 - TimeSpan.FromSeconds(1) })
        {
            await fixture.AdvanceAsync(step);
            for (var silo = 0; silo < 2; silo++)
            {
                Assert.Equal(["through the api"], Names(await Catalog(fixture.GrainFactoryOfSilo(silo)).GetAsync(list)));
                Assert.Equal("through the api", Text(Single(await Catalog(fixture.GrainFactoryOfSilo(silo)).GetAsync(one)), "name"));
            }
        }

        await fixture.AdvanceAsync(TimeSpan.FromSeconds(2));
        await Eventually.UntilAsync(
            () => Catalog(fixture.GrainFactoryOfSilo(1)).GetAsync(list).AsTask(),
            l => Names(l) is ["behind the api"],
            TimeSpan.FromSeconds(30),
            "the model list to expire and reload");
        await Eventually.UntilAsync(
            () => Catalog(fixture.GrainFactoryOfSilo(0)).GetAsync(one).AsTask(),
            l => Text(Single(l), "name") == "behind the api",
            TimeSpan.FromSeconds(30),
            "the single model to expire and reload");
    }

    [Fact]
    public async Task Expired_answers_nobody_reads_leave_the_cache_within_a_quarter_ttl()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("m", "M"));
        await Catalog(fixture.Client).GetAsync(ModelQuery.List(provider, null, null, null));
        await Catalog(fixture.Client).GetAsync(ModelQuery.One(provider, "m"));
        Assert.Equal(2, ModelCounts.Of(fixture).Entries);

        // Every cached answer was loaded before this point, so after TTL + a quarter all are gone, unread.
        await fixture.AdvanceAsync(Ttl + Ttl / 4 + TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(
            () => Task.FromResult(ModelCounts.Of(fixture).Entries),
            entries => entries == 0,
            TimeSpan.FromSeconds(30),
            "the sweep to drop the expired answers");
    }
}
