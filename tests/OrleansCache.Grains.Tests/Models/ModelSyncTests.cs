using OrleansCache.Models;
using OrleansCache.Testing;
using static OrleansCache.Grains.Tests.Models.ModelTestData;

namespace OrleansCache.Grains.Tests.Models;

[Collection(ClusterCollection.Name)]
public sealed class ModelSyncTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_sync_reports_what_it_inserted_updated_left_unchanged_and_removed()
    {
        var provider = NewProvider();
        var first = await SyncAsync(fixture.Client, provider, false,
            Model("same", "Same", ["chat"]),
            Model("renamed", "Old name", ["chat"]),
            Model("recapped", "Recapped", ["chat"]),
            Model("disabled", "Disabled", [], enabled: true, contextWindow: 4096),
            Model("dropped", "Dropped"));
        Assert.Equal(new ModelSyncResult(provider, Inserted: 5, Updated: 0, Unchanged: 0, Removed: 0), first);

        var second = await SyncAsync(fixture.GrainFactoryOfSilo(1), provider, false,
            Model("same", "Same", ["chat"]),
            Model("renamed", "New name", ["chat"]),
            Model("recapped", "Recapped", ["chat", "vision"]),
            Model("disabled", "Disabled", [], enabled: false, contextWindow: null),
            Model("added", "Added"));
        Assert.Equal(new ModelSyncResult(provider, Inserted: 1, Updated: 3, Unchanged: 1, Removed: 0), second);

        // Without prune, "dropped" stays; with it, the two models not listed go.
        Assert.Equal(6, Keys(await Catalog(fixture.Client).GetAsync(ModelQuery.List(provider, null, null, null))).Length);
        var third = await SyncAsync(fixture.Client, provider, true,
            Model("same", "Same", ["chat"]),
            Model("renamed", "New name", ["chat"]),
            Model("recapped", "Recapped", ["chat", "vision"]),
            Model("added", "Added"));
        Assert.Equal(new ModelSyncResult(provider, Inserted: 0, Updated: 0, Unchanged: 4, Removed: 2), third);

        var models = Items(await Catalog(fixture.Client).GetAsync(ModelQuery.List(provider, null, null, null)));
        Assert.Equal(["added", "recapped", "renamed", "same"], models.Select(m => Text(m, "id")));
        Assert.Equal("New name", Text(models[2], "name"));
        Assert.Equal(["chat", "vision"], Capabilities(models[1]));
        Assert.Equal([(provider, "recapped")], Keys(await Catalog(fixture.Client).GetAsync(ModelQuery.List(provider, "vision", null, null))));
    }

    [Fact]
    public async Task Prune_deletes_only_the_synced_providers_missing_models_and_their_capabilities()
    {
        var provider = NewProvider();
        var neighbour = provider + "-n";
        ModelInput[] models = [Model("kept", "Kept", ["chat"]), Model("gone", "Gone", ["chat", "tools"]), Model("gone/too", "Gone too", ["vision"])];
        await SyncAsync(fixture.Client, provider, false, models);
        await SyncAsync(fixture.Client, neighbour, false, models);
        var neighbourRows = await DumpAsync(fixture.Database, neighbour);

        var result = await SyncAsync(fixture.Client, provider, true, Model("kept", "Kept", ["chat"]));

        Assert.Equal(new ModelSyncResult(provider, Inserted: 0, Updated: 0, Unchanged: 1, Removed: 2), result);
        Assert.Equal([(provider, "kept")], Keys(await Catalog(fixture.Client).GetAsync(ModelQuery.List(provider, null, null, null))));
        Assert.Equal(1L, await fixture.Database.ScalarAsync("SELECT count(*) FROM model_capabilities WHERE provider = @p;", ("@p", provider)));
        Assert.Equal(neighbourRows, await DumpAsync(fixture.Database, neighbour));
        Assert.Equal(3, Keys(await Catalog(fixture.Client).GetAsync(ModelQuery.List(neighbour, null, null, null))).Length);
    }

    [Fact]
    public async Task A_sync_empties_the_whole_cache_so_the_next_read_is_a_fresh_miss()
    {
        var provider = NewProvider();
        var other = NewProvider();
        await SyncAsync(fixture.Client, provider, false, Model("m", "Before"));
        await SyncAsync(fixture.Client, other, false, Model("o", "Other"));
        var query = ModelQuery.List(provider, null, null, null);
        var unrelated = ModelQuery.One(other, "o");
        await Catalog(fixture.GrainFactoryOfSilo(0)).GetAsync(query);
        await Catalog(fixture.GrainFactoryOfSilo(0)).GetAsync(unrelated);
        Assert.True(ModelCounts.Of(fixture).Entries >= 2);

        await SyncAsync(fixture.GrainFactoryOfSilo(1), provider, false, Model("m", "After"));

        // Every answer went, the other provider's too: the grain does not know which answers a sync touched.
        Assert.Equal(0, ModelCounts.Of(fixture).Entries);
        var before = ModelCounts.Of(fixture);
        Assert.Equal(["After"], Names(await Catalog(fixture.GrainFactoryOfSilo(0)).GetAsync(query)));
        Assert.Equal("Other", Text(Single(await Catalog(fixture.GrainFactoryOfSilo(1)).GetAsync(unrelated)), "name"));
        Assert.Equal(new ModelCounts(Hits: 0, Misses: 2, Entries: 2, Reads: 2), ModelCounts.Of(fixture).Since(before));
    }

    [Fact]
    public async Task A_failed_sync_changes_no_row_and_leaves_the_cache_answering()
    {
        var provider = NewProvider();
        var suffix = Guid.NewGuid().ToString("N");
        var boom = $"boom-{suffix}";
        await SyncAsync(fixture.Client, provider, false,
            Model("kept", "Kept", ["chat"]),
            Model("changed", "Before", ["chat"]),
            Model("pruned", "Pruned", ["tools"]));
        var query = ModelQuery.List(provider, null, null, null);
        var cached = await Catalog(fixture.Client).GetAsync(query);
        var rows = await DumpAsync(fixture.Database, provider);

        // The database refuses one id; it comes after an update and an insert, before another insert and the prune.
        await fixture.Database.ExecuteAsync(TestDatabase.Sql(
            sqlite: $"CREATE TRIGGER fail_{suffix} BEFORE INSERT ON models WHEN NEW.id = '{boom}' BEGIN SELECT RAISE(ABORT, 'boom'); END;",
            postgres: $"""
                CREATE FUNCTION fail_{suffix}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.id = '{boom}' THEN RAISE EXCEPTION 'boom'; END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER fail_{suffix} BEFORE INSERT ON models FOR EACH ROW EXECUTE FUNCTION fail_{suffix}();
                """));
        try
        {
            ModelInput[] models = [Model("changed", "After", ["vision"]), Model("new-1", "New 1", ["chat"]), Model(boom, "Boom"), Model("new-2", "New 2")];
            await Assert.ThrowsAsync<InvalidOperationException>(() => SyncAsync(fixture.GrainFactoryOfSilo(1), provider, true, models));

            Assert.Equal(rows, await DumpAsync(fixture.Database, provider));
            var before = ModelCounts.Of(fixture);
            var answer = await Catalog(fixture.GrainFactoryOfSilo(0)).GetAsync(query);
            Assert.Equal(cached.Json, answer.Json);
            Assert.Equal(new ModelCounts(Hits: 1, Misses: 0, Entries: 0, Reads: 0), ModelCounts.Of(fixture).Since(before));
        }
        finally
        {
            await fixture.Database.ExecuteAsync(TestDatabase.Sql(
                sqlite: $"DROP TRIGGER IF EXISTS fail_{suffix};",
                postgres: $"DROP TRIGGER IF EXISTS fail_{suffix} ON models; DROP FUNCTION IF EXISTS fail_{suffix}();"));
        }

        // The same sync without the refused id goes through whole.
        var result = await SyncAsync(fixture.Client, provider, true,
            Model("changed", "After", ["vision"]), Model("new-1", "New 1", ["chat"]), Model("new-2", "New 2"));
        Assert.Equal(new ModelSyncResult(provider, Inserted: 2, Updated: 1, Unchanged: 0, Removed: 2), result);
        Assert.Equal(["After", "New 1", "New 2"], Names(await Catalog(fixture.Client).GetAsync(query)));
    }

    /// <summary>
    /// Lookups of a cold query race a sync that changes every model the query returns, entering at both silos. Whatever
    /// the interleaving, an answer is one snapshot (all before or all after, as the sync is one transaction), and once
    /// the sync has returned every read, and the entry left in the cache, shows the synced catalog.
    /// </summary>
    /// <remarks>
    /// Loads and syncs run off the grain's thread, so real interleavings happen here, but which ones is up to the
    /// scheduler. SlowDatabaseTests forces the one the generation number exists for (a load reads the old rows,
    /// the sync commits and returns, then the load completes).
    /// </remarks>
    [Fact]
    public async Task A_load_racing_a_sync_never_puts_pre_sync_data_back_in_the_cache()
    {
        const int rounds = 50;
        const int readers = 16;
        for (var round = 0; round < rounds; round++)
        {
            var provider = NewProvider();
            await SyncAsync(fixture.Client, provider, false,
                Model("a", "before", ["chat"]), Model("b", "before", ["chat"]), Model("c", "before", ["chat"]));
            var list = ModelQuery.List(provider, "chat", null, null);
            var one = ModelQuery.One(provider, "b");

            // Readers and the sync wait on one gate, then go together on pool threads, entering at both silos.
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var lookups = Enumerable.Range(0, readers).Select(i => Task.Run(async () =>
            {
                await start.Task;
                var catalog = Catalog(fixture.GrainFactoryOfSilo(i % 2));
                return i % 4 == 3 ? [Text(Single(await catalog.GetAsync(one)), "name")] : Names(await catalog.GetAsync(list));
            })).ToArray();
            var sync = Task.Run(async () =>
            {
                await start.Task;
                return await SyncAsync(fixture.GrainFactoryOfSilo(round % 2), provider, false,
                    Model("a", "after", ["chat"]), Model("b", "after", ["chat"]), Model("c", "after", ["chat"]));
            });
            start.SetResult();

            Assert.Equal(3, (await sync).Updated);
            foreach (var names in await Task.WhenAll(lookups))
            {
                Assert.True(names.All(n => n == "before") || names.All(n => n == "after"), $"round {round}: a torn answer [{string.Join(", ", names)}]");
            }

            for (var silo = 0; silo < 2; silo++)
            {
                var catalog = Catalog(fixture.GrainFactoryOfSilo(silo));
                Assert.Equal(["after", "after", "after"], Names(await catalog.GetAsync(list)));
                Assert.Equal("after", Text(Single(await catalog.GetAsync(one)), "name"));
            }

            // Both answers are cached now, and what is cached is the synced catalog.
            var before = ModelCounts.Of(fixture);
            Assert.Equal(["after", "after", "after"], Names(await Catalog(fixture.Client).GetAsync(list)));
            Assert.Equal("after", Text(Single(await Catalog(fixture.Client).GetAsync(one)), "name"));
            Assert.Equal(new ModelCounts(Hits: 2, Misses: 0, Entries: 0, Reads: 0), ModelCounts.Of(fixture).Since(before));
        }
    }
}
