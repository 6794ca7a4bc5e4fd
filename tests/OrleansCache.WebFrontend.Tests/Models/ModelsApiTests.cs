using System.Net;
using System.Text;
using System.Text.Json;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ModelHttp;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Models;

/// <summary>
/// The model routes: the filters of <c>GET /api/models</c>, <c>GET /api/models/{provider}/{id}</c>, and what
/// <c>POST /api/models/sync</c> answers, writes and refuses. The catalog is shared by every test, so each test
/// syncs its own provider (<see cref="TestIds.NewProvider"/>) and filters by it, or by words only it uses.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class ModelsApiTests(FrontendFixture fixture)
{
    private static readonly string[] ModelMembers = ["capabilities", "context_window", "enabled", "id", "name", "provider", "synced_at"];

    /// <summary>Four models that tell every filter apart, in no particular order.</summary>
    private const string Catalog = """
        { "id": "text-embedding-3", "name": "Embeddings", "context_window": 8191, "capabilities": ["embeddings"], "enabled": false },
        { "id": "gpt-4o-mini", "name": "GPT-4o mini", "context_window": 128000, "capabilities": ["chat", "tools"], "enabled": true },
        { "id": "o1-legacy", "name": "Reasoner (retired)", "context_window": 200000, "capabilities": ["chat"], "enabled": false },
        { "id": "gpt-4o", "name": "GPT-4o", "context_window": 128000, "capabilities": ["chat", "tools", "vision"], "enabled": true }
        """;

    private const string AllCatalogIds = "gpt-4o gpt-4o-mini o1-legacy text-embedding-3";

    [Fact]
    public async Task A_synced_model_is_read_back_with_every_field_of_the_contract()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(
            provider, """{ "id": "gpt-4o", "name": "GPT-4o", "context_window": 128000, "capabilities": ["vision", "chat", "tools"], "enabled": true }""");

        using var response = await fixture.B.SendAsync(HttpMethod.Get, Url(provider, "gpt-4o"));

        var model = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ModelMembers, model.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(provider, model.Text("provider"));
        Assert.Equal("gpt-4o", model.Text("id"));
        Assert.Equal("GPT-4o", model.Text("name"));
        Assert.Equal(128000, model.GetProperty("context_window").GetInt64());
        Assert.Equal(["chat", "tools", "vision"], Capabilities(model));
        Assert.True(model.GetProperty("enabled").GetBoolean());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", model.Text("synced_at"));
        Assert.Equal(model.GetRawText(), Assert.Single(await fixture.A.ListModelsAsync($"?provider={provider}")).GetRawText());
    }

    [Fact]
    public async Task A_model_synced_with_only_id_and_name_is_enabled_with_no_context_window_and_no_capabilities()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, """{ "id": "bare", "name": "Bare" }""");

        var model = await fixture.A.GetModelAsync(provider, "bare");

        Assert.Equal(JsonValueKind.Null, model.GetProperty("context_window").ValueKind);
        Assert.Empty(Capabilities(model));
        Assert.True(model.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Capabilities_come_back_lower_case_sorted_and_distinct()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(
            provider, """{ "id": "m", "name": "M", "capabilities": ["Vision", "chat", "TOOLS", "chat", "CHAT", "audio.in", "x-1", "a_b"] }""");

        Assert.Equal(["a_b", "audio.in", "chat", "tools", "vision", "x-1"], Capabilities(await fixture.B.GetModelAsync(provider, "m")));
        Assert.Equal(["a_b", "audio.in", "chat", "tools", "vision", "x-1"], Capabilities(Assert.Single(await fixture.B.ListModelsAsync($"?provider={provider}"))));
    }

    [Fact]
    public async Task The_list_is_ordered_by_provider_then_id()
    {
        // Two providers that sort next to each other, synced in reverse, with ids in no order; every name holds
        // a word no other test uses, so q selects exactly these models.
        var first = TestIds.NewProvider() + "-a";
        var second = first[..^1] + "b";
        var word = Guid.NewGuid().ToString("N");
        string[] ids = ["b", "B", "a/b", "a-b", "a", "A.1", "9", "a:b", "a.b", "a_b"];
        var models = string.Join(", ", ids.Select(id => $$"""{ "id": "{{id}}", "name": "{{word}} {{id}}" }"""));
        await fixture.A.SyncModelsAsync(second, models);
        await fixture.A.SyncModelsAsync(first, models);

        var listed = (await fixture.B.ListModelsAsync($"?q={word}")).Select(m => m.Key()).ToList();

        var expected = new[] { first, second }.SelectMany(p => ids.Order(StringComparer.Ordinal).Select(id => $"{p}/{id}"));
        Assert.Equal(expected, listed);
    }

    [Theory]
    [InlineData("provider={p}", AllCatalogIds)]
    [InlineData("provider={P}", AllCatalogIds)]
    [InlineData("capability=tools&provider={p}", "gpt-4o gpt-4o-mini")]
    [InlineData("provider={p}&capability=TOOLS", "gpt-4o gpt-4o-mini")]
    [InlineData("provider={p}&capability=Vision", "gpt-4o")]
    [InlineData("provider={p}&capability=audio", "")]
    [InlineData("provider={p}&enabled=true", "gpt-4o gpt-4o-mini")]
    [InlineData("provider={p}&enabled=false", "o1-legacy text-embedding-3")]
    [InlineData("provider={p}&q=4O", "gpt-4o gpt-4o-mini")]
    [InlineData("provider={p}&q=MINI", "gpt-4o-mini")]
    [InlineData("provider={p}&q=retired", "o1-legacy")]
    [InlineData("provider={p}&q=Embedding-3", "text-embedding-3")]
    [InlineData("provider={p}&q=o%20m", "gpt-4o-mini")]
    [InlineData("provider={p}&q=nothing-like-this", "")]
    [InlineData("provider={p}&q={p}", "")]
    [InlineData("provider={p}&q=", AllCatalogIds)]
    [InlineData("provider={p}&capability=chat&enabled=true", "gpt-4o gpt-4o-mini")]
    [InlineData("provider={p}&capability=chat&enabled=false", "o1-legacy")]
    [InlineData("provider={p}&capability=embeddings&enabled=true", "")]
    [InlineData("provider={p}&capability=chat&enabled=true&q=Mini", "gpt-4o-mini")]
    [InlineData("q=GPT&enabled=true&capability=VISION&provider={P}", "gpt-4o")]
    [InlineData("provider={p}&capability=tools&q=legacy", "")]
    public async Task Filters_select_the_models_matching_all_of_them(string filter, string expectedIds)
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, Catalog);
        var query = "?" + filter.Replace("{p}", provider, StringComparison.Ordinal).Replace("{P}", provider.ToUpperInvariant(), StringComparison.Ordinal);

        var listed = await fixture.B.ListModelsAsync(query);

        Assert.All(listed, m => Assert.Equal(provider, m.Text("provider")));
        Assert.Equal(expectedIds.Split(' ', StringSplitOptions.RemoveEmptyEntries), listed.Select(m => m.Text("id")));
    }

    [Fact]
    public async Task Q_folds_the_case_of_letters_beyond_ascii()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, """{ "id": "m", "name": "ÄRGER Ω-Modell" }""");

        foreach (var q in new[] { "ÄRGER", "ärger", "Ärger", "ω-modell", "Ω-MODELL" })
        {
            Assert.Equal(["m"], (await fixture.B.ListModelsAsync($"?provider={provider}&q={Uri.EscapeDataString(q)}")).Select(m => m.Text("id")));
        }
    }

    [Fact]
    public async Task Filters_without_a_provider_span_every_provider()
    {
        // A capability and a word that only this test's models have.
        var capability = "c" + Guid.NewGuid().ToString("N");
        var word = Guid.NewGuid().ToString("N");
        var first = TestIds.NewProvider();
        var second = TestIds.NewProvider();
        foreach (var provider in new[] { first, second })
        {
            await fixture.A.SyncModelsAsync(
                provider,
                $$"""
                { "id": "with", "name": "{{word}} with", "capabilities": ["{{capability}}"] },
                { "id": "off", "name": "{{word}} off", "capabilities": ["{{capability}}"], "enabled": false },
                { "id": "without", "name": "{{word}} without" }
                """);
        }

        var providers = new[] { first, second }.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            providers.SelectMany(p => new[] { $"{p}/off", $"{p}/with" }),
            (await fixture.B.ListModelsAsync($"?capability={capability.ToUpperInvariant()}")).Select(m => m.Key()));
        Assert.Equal(
            providers.Select(p => $"{p}/with"),
            (await fixture.B.ListModelsAsync($"?capability={capability}&enabled=true")).Select(m => m.Key()));
        Assert.Equal(
            providers.SelectMany(p => new[] { $"{p}/with", $"{p}/without" }),
            (await fixture.B.ListModelsAsync($"?q={word.ToUpperInvariant()}%20WITH")).Select(m => m.Key()));
    }

    [Theory]
    [InlineData("meta-llama/Llama-3.1-70B-Instruct")]
    [InlineData("org/family/model:v2")]
    [InlineData("models/gemini-1.5-pro")]
    [InlineData("plain")]
    public async Task Get_reads_one_model_whose_id_may_contain_slashes(string id)
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, $$"""{ "id": "{{id}}", "name": "Slashed" }, { "id": "other", "name": "Other" }""");

        var model = await fixture.B.GetModelAsync(provider, id);

        Assert.Equal(id, model.Text("id"));
        Assert.Equal(provider, model.Text("provider"));
        Assert.Equal("Slashed", model.Text("name"));
        Assert.Equal(model.GetRawText(), (await fixture.A.GetModelAsync(provider.ToUpperInvariant(), id)).GetRawText());
    }

    [Fact]
    public async Task Get_reads_a_model_whose_provider_and_id_have_their_slashes_escaped_as_uri_templates_do()
    {
        // A provider may hold '/' too, and only an escaped one keeps it apart from the id.
        var provider = TestIds.NewProvider() + "/eu";
        const string Id = "meta-llama/Llama-3.1-70B";
        await fixture.A.SyncModelsAsync(provider, $$"""{ "id": "{{Id}}", "name": "Escaped" }""");

        var model = await fixture.B.GetModelAsync(Uri.EscapeDataString(provider), Uri.EscapeDataString(Id));

        Assert.Equal(provider, model.Text("provider"));
        Assert.Equal(Id, model.Text("id"));
        Assert.Equal(model.GetRawText(), (await fixture.A.GetModelAsync(Uri.EscapeDataString(provider), Id)).GetRawText());
        Assert.Equal(model.GetRawText(), (await fixture.A.GetModelAsync(Uri.EscapeDataString(provider), "meta-llama%2fLlama-3.1-70B")).GetRawText());
        Assert.Equal(model.GetRawText(), Assert.Single(await fixture.A.ListModelsAsync($"?provider={Uri.EscapeDataString(provider)}")).GetRawText());
    }

    [Fact]
    public async Task Get_of_a_missing_model_answers_a_404_problem()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, """{ "id": "present", "name": "Present" }""");

        foreach (var url in new[] { Url(provider, "absent"), Url(provider, "present/child"), Url(TestIds.NewProvider(), "present") })
        {
            using var response = await fixture.B.SendAsync(HttpMethod.Get, url);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [InlineData("provider", "has%20space")]
    [InlineData("bad!provider", "id")]
    [InlineData("provider", "bang!")]
    [InlineData("provider", "%C3%A9t%C3%A9")]
    [InlineData("provider", "a+b")]
    [InlineData("provider", "tilde~")]
    public async Task Get_with_a_provider_or_id_outside_the_pattern_answers_400(string provider, string id)
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Get, Url(provider, id));

        await ProblemAssert.IsValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task Sync_answers_how_many_models_it_inserted_updated_left_unchanged_and_removed()
    {
        var provider = TestIds.NewProvider();

        using (var response = await fixture.A.SendJsonAsync(
            HttpMethod.Post,
            SyncRoute,
            $$"""{ "provider": "{{provider}}", "models": [ { "id": "a", "name": "A" }, { "id": "b", "name": "B" }, { "id": "c", "name": "C" } ] }"""))
        {
            var first = await response.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(
                ["inserted", "provider", "removed", "unchanged", "updated"],
                first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(provider, first.Text("provider"));
            Assert.Equal((3, 0, 0, 0), first.Counts());
        }

        // a as it was, b renamed, d new; c not listed, and kept without prune.
        var second = await fixture.B.SyncModelsAsync(provider, """{ "id": "a", "name": "A" }, { "id": "b", "name": "B2" }, { "id": "d", "name": "D" }""");

        Assert.Equal((1, 1, 1, 0), second.Counts());
        var listed = await fixture.A.ListModelsAsync($"?provider={provider}");
        Assert.Equal(["a", "b", "c", "d"], listed.Select(m => m.Text("id")));
        Assert.Equal(["A", "B2", "C", "D"], listed.Select(m => m.Text("name")));
    }

    [Fact]
    public async Task A_change_to_any_field_counts_as_an_update_and_is_stored()
    {
        var provider = TestIds.NewProvider();
        const string Before = """
            { "id": "name", "name": "N", "context_window": 1, "capabilities": ["chat"], "enabled": true },
            { "id": "window", "name": "W", "context_window": 1, "capabilities": ["chat"], "enabled": true },
            { "id": "window-null", "name": "W", "context_window": 1, "capabilities": ["chat"], "enabled": true },
            { "id": "caps", "name": "C", "context_window": 1, "capabilities": ["chat"], "enabled": true },
            { "id": "caps-none", "name": "C", "context_window": 1, "capabilities": ["chat"], "enabled": true },
            { "id": "enabled", "name": "E", "context_window": 1, "capabilities": ["chat"], "enabled": true }
            """;
        await fixture.A.SyncModelsAsync(provider, Before);
        await fixture.A.ListModelsAsync($"?provider={provider}&capability=chat");

        var sync = await fixture.A.SyncModelsAsync(
            provider,
            """
            { "id": "name", "name": "N2", "context_window": 1, "capabilities": ["chat"], "enabled": true },
            { "id": "window", "name": "W", "context_window": 2, "capabilities": ["chat"], "enabled": true },
            { "id": "window-null", "name": "W", "capabilities": ["chat"], "enabled": true },
            { "id": "caps", "name": "C", "context_window": 1, "capabilities": ["chat", "vision"], "enabled": true },
            { "id": "caps-none", "name": "C", "context_window": 1, "enabled": true },
            { "id": "enabled", "name": "E", "context_window": 1, "capabilities": ["chat"], "enabled": false }
            """);

        Assert.Equal((0, 6, 0, 0), sync.Counts());
        Assert.Equal("N2", (await fixture.B.GetModelAsync(provider, "name")).Text("name"));
        Assert.Equal(2, (await fixture.B.GetModelAsync(provider, "window")).GetProperty("context_window").GetInt64());
        Assert.Equal(JsonValueKind.Null, (await fixture.B.GetModelAsync(provider, "window-null")).GetProperty("context_window").ValueKind);
        Assert.Equal(["chat", "vision"], Capabilities(await fixture.B.GetModelAsync(provider, "caps")));
        Assert.Empty(Capabilities(await fixture.B.GetModelAsync(provider, "caps-none")));
        Assert.False((await fixture.B.GetModelAsync(provider, "enabled")).GetProperty("enabled").GetBoolean());

        // The capability index follows: chat is gone from caps-none and enabled is off.
        Assert.Equal(["caps", "enabled", "name", "window", "window-null"], (await fixture.B.ListModelsAsync($"?provider={provider}&capability=chat")).Select(m => m.Text("id")));
        Assert.Equal(["caps"], (await fixture.B.ListModelsAsync($"?provider={provider}&capability=vision")).Select(m => m.Text("id")));
        Assert.Equal(["enabled"], (await fixture.B.ListModelsAsync($"?provider={provider}&enabled=false")).Select(m => m.Text("id")));
    }

    [Fact]
    public async Task Capabilities_that_differ_only_in_order_case_or_repetition_leave_a_model_unchanged()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, """{ "id": "m", "name": "M", "capabilities": ["chat", "vision"] }""");
        var before = await fixture.Database.ReadModelsAsync(provider);

        var sync = await fixture.A.SyncModelsAsync(provider, """{ "id": "m", "name": "M", "capabilities": ["VISION", "Chat", "chat"] }""");

        Assert.Equal((0, 0, 1, 0), sync.Counts());
        Assert.Equal(before, await fixture.Database.ReadModelsAsync(provider));
    }

    [Fact]
    public async Task Models_as_the_list_returns_them_sync_back_unchanged()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, Catalog);
        var listed = await fixture.A.ListModelsAsync($"?provider={provider}");

        var sync = await fixture.B.SyncModelsAsync(provider, string.Join(", ", listed.Select(m => m.GetRawText())), prune: true);

        Assert.Equal((0, 0, 4, 0), sync.Counts());
        Assert.Equal(listed.Select(m => m.GetRawText()), (await fixture.A.ListModelsAsync($"?provider={provider}")).Select(m => m.GetRawText()));
    }

    [Fact]
    public async Task Prune_removes_only_that_providers_models_missing_from_the_list()
    {
        var provider = TestIds.NewProvider();
        var neighbour = provider + "-n";
        await fixture.A.SyncModelsAsync(provider, """{ "id": "keep", "name": "K" }, { "id": "drop/1", "name": "D1" }, { "id": "drop-2", "name": "D2", "capabilities": ["chat"] }""");
        await fixture.A.SyncModelsAsync(neighbour, """{ "id": "keep", "name": "K" }, { "id": "drop/1", "name": "D1" }, { "id": "drop-2", "name": "D2", "capabilities": ["chat"] }""");
        var neighbourRows = await fixture.Database.ReadModelsAsync(neighbour);

        var sync = await fixture.B.SyncModelsAsync(provider, """{ "id": "keep", "name": "K" }, { "id": "new", "name": "New" }""", prune: true);

        Assert.Equal((1, 0, 1, 2), sync.Counts());
        Assert.Equal(["keep", "new"], (await fixture.A.ListModelsAsync($"?provider={provider}")).Select(m => m.Text("id")));
        Assert.Empty(await fixture.A.ListModelsAsync($"?provider={provider}&capability=chat"));
        using (var gone = await fixture.A.SendAsync(HttpMethod.Get, Url(provider, "drop/1")))
        {
            await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.NotFound);
        }

        Assert.Equal(neighbourRows, await fixture.Database.ReadModelsAsync(neighbour));
        Assert.Equal(["drop-2", "drop/1", "keep"], (await fixture.A.ListModelsAsync($"?provider={neighbour}")).Select(m => m.Text("id")));
    }

    [Fact]
    public async Task Prune_with_no_models_removes_every_model_of_the_provider()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, Catalog);

        var sync = await fixture.A.SyncModelsAsync(provider, "", prune: true);

        Assert.Equal((0, 0, 0, 4), sync.Counts());
        Assert.Empty(await fixture.B.ListModelsAsync($"?provider={provider}"));
    }

    [Fact]
    public async Task A_provider_given_in_upper_case_is_stored_and_answered_in_lower_case()
    {
        var provider = TestIds.NewProvider();

        var sync = await fixture.A.SyncModelsAsync(provider.ToUpperInvariant(), """{ "id": "Mixed-Case", "name": "M" }""");

        Assert.Equal(provider, sync.Text("provider"));
        Assert.Equal(provider, (await fixture.B.GetModelAsync(provider, "Mixed-Case")).Text("provider"));
        var again = await fixture.A.SyncModelsAsync(provider, """{ "id": "Mixed-Case", "name": "M" }""");
        Assert.Equal((0, 0, 1, 0), again.Counts());
    }

    [Fact]
    public async Task A_sync_of_10000_models_is_accepted()
    {
        var provider = TestIds.NewProvider();

        var sync = await fixture.A.SyncModelsAsync(provider, ManyModels(10_000));

        Assert.Equal((10_000, 0, 0, 0), sync.Counts());
        Assert.Equal(10_000L, (long?)await fixture.Database.ScalarAsync("SELECT count(*) FROM models WHERE provider = @p;", ("@p", provider)));
    }

    [Fact]
    public async Task A_sync_through_one_frontend_is_seen_at_once_through_the_other()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, """{ "id": "a", "name": "Before" }""");

        // B caches the list, the filtered list and the model.
        var filter = $"?provider={provider}&enabled=true";
        Assert.Equal(["Before"], (await fixture.B.ListModelsAsync(filter)).Select(m => m.Text("name")));
        Assert.Equal(["a"], (await fixture.B.ListModelsAsync($"?provider={provider}")).Select(m => m.Text("id")));
        Assert.Equal("Before", (await fixture.B.GetModelAsync(provider, "a")).Text("name"));

        await fixture.A.SyncModelsAsync(provider, """{ "id": "a", "name": "After" }, { "id": "b", "name": "New" }""");

        Assert.Equal(["After", "New"], (await fixture.B.ListModelsAsync(filter)).Select(m => m.Text("name")));
        Assert.Equal("After", (await fixture.B.GetModelAsync(provider, "a")).Text("name"));

        await fixture.A.SyncModelsAsync(provider, """{ "id": "b", "name": "New", "enabled": false }""", prune: true);

        Assert.Empty(await fixture.B.ListModelsAsync(filter));
        Assert.Equal(["b"], (await fixture.B.ListModelsAsync($"?provider={provider}")).Select(m => m.Text("id")));
        using var gone = await fixture.B.SendAsync(HttpMethod.Get, Url(provider, "a"));
        await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Filters_that_mean_the_same_share_one_cache_entry()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, Catalog);
        var before = await fixture.A.GetCacheStatsAsync();

        var first = await fixture.A.ListModelsAsync($"?provider={provider}&capability=chat&enabled=true");
        var reordered = await fixture.B.ListModelsAsync($"?enabled=true&capability=chat&provider={provider}");
        var recased = await fixture.A.ListModelsAsync($"?provider={provider.ToUpperInvariant()}&capability=Chat&enabled=true");
        var emptyQ = await fixture.B.ListModelsAsync($"?provider={provider}&q=&capability=CHAT&enabled=true");

        var after = await fixture.B.GetCacheStatsAsync();
        Assert.Equal(1, after.Models.Misses - before.Models.Misses);
        Assert.Equal(3, after.Models.Hits - before.Models.Hits);
        Assert.Equal(1, after.Reads - before.Reads);
        Assert.Equal(1, after.Models.Size - before.Models.Size);
        Assert.All([reordered, recased, emptyQ], list => Assert.Equal(first.Select(m => m.GetRawText()), list.Select(m => m.GetRawText())));
    }

    [Fact]
    public async Task A_sync_empties_the_whole_model_cache()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, Catalog);
        await fixture.A.ListModelsAsync($"?provider={provider}");
        await fixture.B.ListModelsAsync($"?provider={provider}&enabled=false");
        await fixture.B.GetModelAsync(provider, "gpt-4o");
        Assert.True((await fixture.A.GetCacheStatsAsync()).Models.Size >= 3);

        // A sync of another provider empties the entries of this one too.
        await fixture.A.SyncModelsAsync(TestIds.NewProvider(), """{ "id": "x", "name": "X" }""");

        var afterSync = await fixture.A.GetCacheStatsAsync();
        Assert.Equal(0, afterSync.Models.Size);
        await fixture.B.ListModelsAsync($"?provider={provider}");
        var afterRead = await fixture.A.GetCacheStatsAsync();
        Assert.Equal(1, afterRead.Models.Misses - afterSync.Models.Misses);
        Assert.Equal(0, afterRead.Models.Hits - afterSync.Models.Hits);
    }

    [Theory]
    [InlineData("enabled=yes", "enabled")]
    [InlineData("enabled=1", "enabled")]
    [InlineData("enabled=", "enabled")]
    [InlineData("provider=a&provider=b", "provider")]
    [InlineData("provider=a&provider=a", "provider")]
    [InlineData("capability=chat&capability=tools", "capability")]
    [InlineData("enabled=true&enabled=true", "enabled")]
    [InlineData("q=a&q=b", "q")]
    [InlineData("provider=has%20space", "provider")]
    [InlineData("provider=a%2Bb", "provider")]
    [InlineData("provider=", "provider")]
    [InlineData("capability=has%20space", "capability")]
    [InlineData("capability=-lead", "capability")]
    [InlineData("capability=", "capability")]
    public async Task A_bad_or_repeated_filter_answers_400_naming_it(string query, string field)
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Get, $"{ModelsRoute}?{query}");

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task A_q_over_200_characters_answers_400_and_one_of_200_is_accepted()
    {
        using (var tooLong = await fixture.A.SendAsync(HttpMethod.Get, $"{ModelsRoute}?q={new string('q', 201)}"))
        {
            await ProblemAssert.IsValidationProblemAsync(tooLong, "q");
        }

        Assert.Empty(await fixture.A.ListModelsAsync($"?q={new string('q', 200)}"));
    }

    /// <summary>A refused sync: its body (given the seeded provider), its status, and the field its errors name (for 400 with errors).</summary>
    private sealed record Refusal(Func<string, HttpContent> Body, HttpStatusCode Status, string? Field);

    private static readonly Dictionary<string, Refusal> Refusals = new()
    {
        ["10,001 models"] = Invalid(p => Sync(p, ManyModels(10_001)), "models"),
        ["a duplicate id"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A" }, { "id": "a", "name": "Again" }"""), "models[1].id"),
        ["a provider with a space"] = Invalid(_ => Sync("has space", """{ "id": "a", "name": "A" }"""), "provider"),
        ["a provider with a plus"] = Invalid(_ => Sync("a+b", """{ "id": "a", "name": "A" }"""), "provider"),
        ["an empty provider"] = Invalid(_ => Sync("", """{ "id": "a", "name": "A" }"""), "provider"),
        ["a provider of 201 characters"] = Invalid(_ => Sync(new string('p', 201), """{ "id": "a", "name": "A" }"""), "provider"),
        ["no provider"] = Invalid(_ => Utf8("""{ "models": [ { "id": "a", "name": "A" } ], "prune": true }"""), "provider"),
        ["a provider as a number"] = Invalid(_ => Utf8("""{ "provider": 7, "models": [ { "id": "a", "name": "A" } ] }"""), "provider"),
        ["an id with a space"] = Invalid(p => Sync(p, """{ "id": "has space", "name": "A" }"""), "models[0].id"),
        ["an id with a non-ASCII letter"] = Invalid(p => Sync(p, """{ "id": "été", "name": "A" }"""), "models[0].id"),
        ["an empty id"] = Invalid(p => Sync(p, """{ "id": "", "name": "A" }"""), "models[0].id"),
        ["an id of 201 characters"] = Invalid(p => Sync(p, $$"""{ "id": "{{new string('i', 201)}}", "name": "A" }"""), "models[0].id"),
        ["a missing id"] = Invalid(p => Sync(p, """{ "name": "A" }"""), "models[0].id"),
        ["an id as a number"] = Invalid(p => Sync(p, """{ "id": 1, "name": "A" }"""), "models[0].id"),
        ["a missing name"] = Invalid(p => Sync(p, """{ "id": "a" }"""), "models[0].name"),
        ["a null name"] = Invalid(p => Sync(p, """{ "id": "a", "name": null }"""), "models[0].name"),
        ["a blank name"] = Invalid(p => Sync(p, """{ "id": "a", "name": "   " }"""), "models[0].name"),
        ["a name of 201 characters"] = Invalid(p => Sync(p, $$"""{ "id": "a", "name": "{{new string('n', 201)}}" }"""), "models[0].name"),
        ["a name as a number"] = Invalid(p => Sync(p, """{ "id": "a", "name": 5 }"""), "models[0].name"),
        ["a capability with a space"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "capabilities": ["two words"] }"""), "models[0].capabilities"),
        ["an empty capability"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "capabilities": [""] }"""), "models[0].capabilities"),
        ["a capability starting with a dash"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "capabilities": ["-x"] }"""), "models[0].capabilities"),
        ["a capability of 65 characters"] = Invalid(p => Sync(p, $$"""{ "id": "a", "name": "A", "capabilities": ["{{new string('c', 65)}}"] }"""), "models[0].capabilities"),
        ["a capability as a number"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "capabilities": [1] }"""), "models[0].capabilities"),
        ["capabilities as a string"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "capabilities": "chat" }"""), "models[0].capabilities"),
        ["context_window as a string"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "context_window": "big" }"""), "models[0].context_window"),
        ["context_window as a fraction"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "context_window": 1.5 }"""), "models[0].context_window"),
        ["context_window of 0"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "context_window": 0 }"""), "models[0].context_window"),
        ["enabled as a string"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "enabled": "yes" }"""), "models[0].enabled"),
        ["enabled as null"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "enabled": null }"""), "models[0].enabled"),
        ["a model as a string"] = Invalid(p => Sync(p, "\"a\""), "models[0]"),
        ["models as an object"] = Invalid(p => Utf8($$"""{ "provider": "{{p}}", "models": { "id": "a", "name": "A" }, "prune": true }"""), "models"),
        ["no models"] = Invalid(p => Utf8($$"""{ "provider": "{{p}}", "prune": true }"""), "models"),
        ["prune as a string"] = Invalid(p => Utf8($$"""{ "provider": "{{p}}", "models": [], "prune": "true" }"""), "prune"),
        ["an unknown field"] = Invalid(p => Utf8($$"""{ "provider": "{{p}}", "models": [], "prune": true, "colour": "red" }"""), "colour"),
        ["an unknown model field"] = Invalid(p => Sync(p, """{ "id": "a", "name": "A", "colour": "red" }"""), "models[0].colour"),
        ["one valid model and one invalid"] = Invalid(p => Sync(p, """{ "id": "new", "name": "New" }, { "id": "bad", "name": "" }"""), "models[1].name"),
        ["an array body"] = Invalid(p => Utf8($$"""[ { "provider": "{{p}}", "models": [] } ]"""), "$"),
        ["malformed JSON"] = new(p => Utf8($$"""{ "provider": "{{p}}", "models": [ """), HttpStatusCode.BadRequest, null),
        ["a duplicate field"] = new(p => Utf8($$"""{ "provider": "{{p}}", "models": [], "prune": false, "prune": true }"""), HttpStatusCode.BadRequest, null),
        ["no body"] = new(_ => Bodies.Raw([]), HttpStatusCode.BadRequest, null),
        ["text/plain"] = new(p => Bodies.Utf8(SyncJson(p, "", prune: true), "text/plain"), HttpStatusCode.UnsupportedMediaType, null),
        ["no content type"] = new(p => Bodies.Utf8(SyncJson(p, "", prune: true), null), HttpStatusCode.UnsupportedMediaType, null),
        ["UTF-16"] = new(p => new StringContent(SyncJson(p, "", prune: true), Encoding.Unicode, Json), HttpStatusCode.UnsupportedMediaType, null),
        ["over 1 MiB with a Content-Length"] = new(p => Bodies.Raw(Padded(p)), HttpStatusCode.RequestEntityTooLarge, null),
        ["over 1 MiB chunked"] = new(p => new ChunkedContent(Padded(p), Json), HttpStatusCode.RequestEntityTooLarge, null),
    };

    public static TheoryData<string> RefusedSyncs => [.. Refusals.Keys];

    [Theory]
    [MemberData(nameof(RefusedSyncs))]
    public async Task A_refused_sync_changes_nothing(string refused)
    {
        var refusal = Refusals[refused];
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, Catalog);
        var listed = (await fixture.B.ListModelsAsync($"?provider={provider}")).Select(m => m.GetRawText()).ToList();
        var rows = await fixture.Database.ReadModelsAsync(provider);
        var writes = fixture.DatabaseStatements().Writes;

        using (var response = await fixture.A.SendAsync(HttpMethod.Post, SyncRoute, refusal.Body(provider)))
        {
            if (refusal.Field is { } field)
            {
                await ProblemAssert.IsValidationProblemAsync(response, field);
            }
            else
            {
                await ProblemAssert.IsProblemAsync(response, refusal.Status);
            }
        }

        Assert.Equal(rows, await fixture.Database.ReadModelsAsync(provider));
        Assert.Equal(writes, fixture.DatabaseStatements().Writes);
        foreach (var frontend in new[] { fixture.A, fixture.B })
        {
            Assert.Equal(listed, (await frontend.ListModelsAsync($"?provider={provider}")).Select(m => m.GetRawText()));
        }
    }

    private static Refusal Invalid(Func<string, HttpContent> body, string field) => new(body, HttpStatusCode.BadRequest, field);

    /// <summary>A sync of <paramref name="models"/> (array items) with prune on, so an accepted one would show.</summary>
    private static StringContent Sync(string provider, string models) => Body(SyncJson(provider, models, prune: true));

    private static string SyncJson(string provider, string models, bool prune) =>
        $$"""{ "provider": "{{provider}}", "models": [ {{models}} ], "prune": {{(prune ? "true" : "false")}} }""";

    private static ByteArrayContent Utf8(string json) => Bodies.Utf8(json);

    private static string ManyModels(int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(i => $$"""{ "id": "m{{i}}", "name": "Model {{i}}" }"""));

    /// <summary>A valid sync of <paramref name="provider"/> that prunes everything, padded past 1 MiB.</summary>
    private static byte[] Padded(string provider)
    {
        var body = new byte[Bodies.MaxBytes + 1];
        body.AsSpan().Fill((byte)' ');
        Encoding.UTF8.GetBytes(SyncJson(provider, "", prune: true)).CopyTo(body, 0);
        return body;
    }

    private static string[] Capabilities(JsonElement model) =>
        [.. model.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()!)];
}
