using OrleansCache.Models;
using OrleansCache.Testing;
using static OrleansCache.Grains.Tests.Models.ModelTestData;

namespace OrleansCache.Grains.Tests.Models;

[Collection(ClusterCollection.Name)]
public sealed class ModelCatalogGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_provider_filter_matches_in_any_case_and_orders_by_id()
    {
        var seeded = await SeedAsync();

        // Binary order of ids: an upper-case letter sorts before every lower-case one.
        (string, string)[] expected = [(seeded.First, "Gamma-2"), (seeded.First, "beta"), (seeded.First, "delta"), (seeded.First, "org/alpha-1")];
        Assert.Equal(expected, Keys(await GetAsync(ModelQuery.List(seeded.First, null, null, null))));
        Assert.Equal(expected, Keys(await GetAsync(ModelQuery.List(seeded.First.ToUpperInvariant(), null, null, null))));
        Assert.Empty(Keys(await GetAsync(ModelQuery.List(NewProvider(), null, null, null))));
    }

    [Fact]
    public async Task The_capability_filter_keeps_the_models_that_have_it_ordered_by_provider_then_id()
    {
        var seeded = await SeedAsync();

        // Alone, across providers: only this test's models carry its capability word.
        Assert.Equal(
            [(seeded.First, "org/alpha-1"), (seeded.Second, "alpha"), (seeded.Second, $"zeta-{seeded.Token}")],
            Keys(await GetAsync(ModelQuery.List(null, seeded.Capability.ToUpperInvariant(), null, null))));
        Assert.Equal(
            [(seeded.First, "beta"), (seeded.First, "org/alpha-1")],
            Keys(await GetAsync(ModelQuery.List(seeded.First, "chat", null, null))));
        Assert.Empty(Keys(await GetAsync(ModelQuery.List(seeded.First, "embeddings", null, null))));
    }

    [Fact]
    public async Task The_enabled_filter_keeps_enabled_or_disabled_models()
    {
        var seeded = await SeedAsync();

        Assert.Equal(
            [(seeded.First, "Gamma-2"), (seeded.First, "delta"), (seeded.First, "org/alpha-1")],
            Keys(await GetAsync(ModelQuery.List(seeded.First, null, true, null))));
        Assert.Equal([(seeded.First, "beta")], Keys(await GetAsync(ModelQuery.List(seeded.First, null, false, null))));

        // Alone it lists every provider's disabled models; this test's are among them, in order, and nothing enabled is.
        var disabled = await GetAsync(ModelQuery.List(null, null, false, null));
        Assert.All(Items(disabled), m => Assert.False(m.GetProperty("enabled").GetBoolean()));
        Assert.Equal(
            [(seeded.First, "beta"), (seeded.Second, "alpha")],
            Keys(disabled).Where(k => k.Provider == seeded.First || k.Provider == seeded.Second));
    }

    [Fact]
    public async Task The_q_filter_matches_a_case_insensitive_substring_of_the_id_or_the_name()
    {
        var seeded = await SeedAsync();

        // "alpha" is in the id of org/alpha-1 and in the name of Gamma-2 ("ALPHA build").
        Assert.Equal(
            [(seeded.First, "Gamma-2"), (seeded.First, "org/alpha-1")],
            Keys(await GetAsync(ModelQuery.List(seeded.First, null, null, "aLpHa"))));
        Assert.Equal([(seeded.First, "Gamma-2")], Keys(await GetAsync(ModelQuery.List(seeded.First, null, null, "gamma-2"))));
        Assert.Equal([(seeded.First, "org/alpha-1")], Keys(await GetAsync(ModelQuery.List(seeded.First, null, null, "ORG/"))));

        // Alone, across providers: the token is in one model's name and another's id.
        Assert.Equal(
            [(seeded.First, "delta"), (seeded.Second, $"zeta-{seeded.Token}")],
            Keys(await GetAsync(ModelQuery.List(null, null, null, seeded.Token.ToUpperInvariant()))));
    }

    [Fact]
    public async Task The_q_filter_ignores_case_beyond_ascii()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("m-1", "Über Modell"), Model("m-2", "ÉCLAIR"), Model("m-3", "plain"));

        Assert.Equal([(provider, "m-1")], Keys(await GetAsync(ModelQuery.List(provider, null, null, "über"))));
        Assert.Equal([(provider, "m-1")], Keys(await GetAsync(ModelQuery.List(provider, null, null, "ÜBER"))));
        Assert.Equal([(provider, "m-2")], Keys(await GetAsync(ModelQuery.List(provider, null, null, "éclair"))));
    }

    [Fact]
    public async Task Filters_combine_with_and()
    {
        var seeded = await SeedAsync();

        Assert.Equal(
            [(seeded.First, "org/alpha-1")],
            Keys(await GetAsync(ModelQuery.List(seeded.First.ToUpperInvariant(), "CHAT", true, "ALPHA"))));

        // beta has chat but is not an alpha; Gamma-2 is an alpha without chat: nothing has all four.
        Assert.Empty(Keys(await GetAsync(ModelQuery.List(seeded.First, "chat", false, "alpha"))));
        Assert.Equal(
            [(seeded.Second, "alpha")],
            Keys(await GetAsync(ModelQuery.List(null, seeded.Capability, false, "alpha"))));
        Assert.Equal(
            [(seeded.First, "org/alpha-1"), (seeded.Second, $"zeta-{seeded.Token}")],
            Keys(await GetAsync(ModelQuery.List(null, seeded.Capability, true, null))));
    }

    [Fact]
    public async Task One_model_is_found_by_an_id_with_a_slash_and_shown_as_stored()
    {
        var seeded = await SeedAsync();

        var model = Single(await GetAsync(ModelQuery.One(seeded.First.ToUpperInvariant(), "org/alpha-1")));
        Assert.Equal(seeded.First, Text(model, "provider"));
        Assert.Equal("org/alpha-1", Text(model, "id"));
        Assert.Equal("Alpha One", Text(model, "name"));
        Assert.Equal(128_000, model.GetProperty("context_window").GetInt64());
        Assert.Equal(new[] { seeded.Capability, "chat", "tools", "vision" }.Order(StringComparer.Ordinal), Capabilities(model));
        Assert.True(model.GetProperty("enabled").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(Text(model, "synced_at"), System.Globalization.CultureInfo.InvariantCulture, out _));

        var beta = Single(await GetAsync(ModelQuery.One(seeded.First, "beta")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, beta.GetProperty("context_window").ValueKind);

        var missing = await GetAsync(ModelQuery.One(seeded.First, "org/alpha-2"));
        Assert.Equal(0, missing.Count);
        Assert.Empty(missing.Json);
    }

    [Fact]
    public async Task Capabilities_are_stored_lower_case_sorted_and_distinct()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("m", "M", ["Vision", "chat", "TOOLS", "CHAT", "vision", "audio"]));

        Assert.Equal("""["audio","chat","tools","vision"]""", await fixture.Database.ScalarAsync(
            "SELECT capabilities FROM models WHERE provider = @provider AND id = 'm';", ("@provider", provider)));
        Assert.Equal("audio,chat,tools,vision", await fixture.Database.ScalarAsync(
            TestDatabase.Sql(
                sqlite: "SELECT group_concat(capability, ',') FROM (SELECT capability FROM model_capabilities WHERE provider = @provider AND id = 'm' ORDER BY capability);",
                postgres: "SELECT string_agg(capability, ',' ORDER BY capability) FROM model_capabilities WHERE provider = @provider AND id = 'm';"),
            ("@provider", provider)));
        Assert.Equal(["audio", "chat", "tools", "vision"], Capabilities(Single(await GetAsync(ModelQuery.One(provider, "m")))));
        Assert.Equal([(provider, "m")], Keys(await GetAsync(ModelQuery.List(provider, "Tools", null, null))));
    }

    [Fact]
    public async Task A_provider_is_stored_lower_case_whatever_the_sync_says()
    {
        var provider = NewProvider();
        var result = await SyncAsync(fixture.Client, provider.ToUpperInvariant(), false, Model("m", "M"));

        Assert.Equal(provider, result.Provider);
        Assert.Equal([(provider, "m")], Keys(await GetAsync(ModelQuery.List(provider, null, null, null))));
    }

    [Fact]
    public async Task Lookups_that_mean_the_same_share_one_cache_entry()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("org/gpt-mini", "GPT Mini", ["chat", "vision"]), Model("other", "Other", ["chat"]));

        // Each pair is built separately; the second differs only in case, or in an empty filter instead of none.
        (ModelQuery First, ModelQuery Same)[] pairs =
        [
            (ModelQuery.List(provider, "vision", true, "gpt"), ModelQuery.List(provider.ToUpperInvariant(), "VISION", true, "GpT")),
            (ModelQuery.List(provider, null, null, null), ModelQuery.List(string.Concat("P", provider.AsSpan(1)), "", null, "")),
            (ModelQuery.List(null, "chat", null, "GPT-MINI"), ModelQuery.List(null, "Chat", null, "gpt-mini")),
            (ModelQuery.One(provider, "org/gpt-mini"), ModelQuery.One(provider.ToUpperInvariant(), "org/gpt-mini")),
        ];

        foreach (var (first, same) in pairs)
        {
            Assert.Equal(first, same);
            var before = ModelCounts.Of(fixture);
            var loaded = await Catalog(fixture.GrainFactoryOfSilo(0)).GetAsync(first);
            var middle = ModelCounts.Of(fixture);
            var cached = await Catalog(fixture.GrainFactoryOfSilo(1)).GetAsync(same);
            var after = ModelCounts.Of(fixture);

            Assert.Equal(new ModelCounts(Hits: 0, Misses: 1, Entries: 1, Reads: 1), middle.Since(before));
            Assert.Equal(new ModelCounts(Hits: 1, Misses: 0, Entries: 0, Reads: 0), after.Since(middle));
            Assert.Equal(loaded.Json, cached.Json);
        }
    }

    /// <remarks>
    /// Whether the others join the first lookup's load in flight or find its answer already cached depends on
    /// timing; either way: one read, one miss. SlowDatabaseTests forces the in-flight case.
    /// </remarks>
    [Fact]
    public async Task Hundred_concurrent_misses_of_one_query_cause_one_database_read()
    {
        var provider = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("a", "A"), Model("b", "B"));
        var before = ModelCounts.Of(fixture);

        var lookups = Enumerable.Range(0, 100).Select(i =>
            Catalog(fixture.GrainFactoryOfSilo(i % 2)).GetAsync(ModelQuery.List(provider, null, true, null)).AsTask());
        var answers = await Task.WhenAll(lookups);

        Assert.All(answers, a => Assert.Equal([(provider, "a"), (provider, "b")], Keys(a)));
        Assert.Equal(new ModelCounts(Hits: 99, Misses: 1, Entries: 1, Reads: 1), ModelCounts.Of(fixture).Since(before));
    }

    [Fact]
    public async Task A_missing_model_is_cached_as_missing_until_a_sync_adds_it()
    {
        var provider = NewProvider();
        var query = ModelQuery.One(provider, "later");

        Assert.Equal(0, (await GetAsync(query)).Count);
        var before = ModelCounts.Of(fixture);
        Assert.Equal(0, (await GetAsync(query)).Count);
        Assert.Equal(0, ModelCounts.Of(fixture).Since(before).Reads);

        await SyncAsync(fixture.GrainFactoryOfSilo(1), provider, false, Model("later", "Later"));
        Assert.Equal("Later", Text(Single(await GetAsync(query)), "name"));
    }

    private async Task<ModelListing> GetAsync(ModelQuery query) => await Catalog(fixture.Client).GetAsync(query);

    /// <summary>
    /// Two providers of this test's own (<see cref="Seeded.Second"/> sorts after <see cref="Seeded.First"/>), and a
    /// capability word and a search token no other test uses, so filters without a provider still see only these models.
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        var first = NewProvider();
        var second = first + "-b";
        var token = Guid.NewGuid().ToString("N");
        var capability = "c" + token;

        await SyncAsync(fixture.GrainFactoryOfSilo(0), first, false,
            Model("org/alpha-1", "Alpha One", Sorted(capability, "chat", "tools", "vision"), enabled: true, contextWindow: 128_000),
            Model("beta", "Beta", ["chat"], enabled: false, contextWindow: null),
            Model("Gamma-2", "Gamma Two (ALPHA build)", [], enabled: true),
            Model("delta", $"Delta {token}", ["tools"], enabled: true));
        await SyncAsync(fixture.GrainFactoryOfSilo(1), second, false,
            Model($"zeta-{token}", "Zeta", Sorted(capability, "chat", "vision"), enabled: true),
            Model("alpha", "Other Alpha", Sorted(capability, "vision"), enabled: false));
        return new Seeded(first, second, token, capability);
    }

    private static string[] Sorted(params string[] words) => [.. words.Order(StringComparer.Ordinal)];

    private sealed record Seeded(string First, string Second, string Token, string Capability);
}
