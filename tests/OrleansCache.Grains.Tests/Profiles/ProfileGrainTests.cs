using OrleansCache.Profiles;
using OrleansCache.Testing;
using static OrleansCache.Grains.Tests.Profiles.ProfileTestData;

namespace OrleansCache.Grains.Tests.Profiles;

[Collection(ClusterCollection.Name)]
public sealed class ProfileGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Hundred_reads_of_one_profile_cause_one_database_read()
    {
        var id = NewId();
        await InsertRowAsync(fixture.Database, id, "cold");
        var before = fixture.DatabaseStatements();

        for (var i = 0; i < 100; i++)
        {
            var result = await fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileGrain>(id).GetAsync();
            Assert.Equal(ProfileOutcome.Ok, result.Outcome);
        }

        var after = fixture.DatabaseStatements();
        Assert.Equal(1, after.Reads - before.Reads);
        Assert.Equal(0, after.Writes - before.Writes);
    }

    [Fact]
    public async Task Hundred_concurrent_first_reads_of_a_cold_profile_cause_one_database_read()
    {
        var id = NewId();
        await InsertRowAsync(fixture.Database, id, "cold");
        var before = fixture.DatabaseStatements();
        var countsBefore = Sum(fixture.SiloCounts());

        var reads = Enumerable.Range(0, 100)
            .Select(i => fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileGrain>(id).GetAsync().AsTask());
        var results = await Task.WhenAll(reads);

        Assert.All(results, r => Assert.Equal("cold", NameOf(r)));
        Assert.Equal(1, fixture.DatabaseStatements().Reads - before.Reads);
        var countsAfter = Sum(fixture.SiloCounts());
        Assert.Equal(1, countsAfter.Misses - countsBefore.Misses);
        Assert.Equal(99, countsAfter.Hits - countsBefore.Hits);
    }

    [Fact]
    public async Task A_write_through_one_silo_is_visible_at_once_through_the_other()
    {
        var id = NewId();
        var viaFirst = fixture.GrainFactoryOfSilo(0).GetGrain<IProfileGrain>(id);
        var viaSecond = fixture.GrainFactoryOfSilo(1).GetGrain<IProfileGrain>(id);

        Assert.Equal(ProfileOutcome.Created, (await viaFirst.CreateAsync(Fields("first"))).Outcome);
        Assert.Equal("first", NameOf(await viaSecond.GetAsync()));

        var replaced = await viaSecond.ReplaceAsync(Fields("second"), ifMatch: [1]);
        Assert.Equal(2, replaced.Profile!.Version);
        Assert.Equal("second", NameOf(await viaFirst.GetAsync()));

        Assert.Equal(ProfileOutcome.Deleted, (await viaFirst.DeleteAsync(ifMatch: [2])).Outcome);
        Assert.Equal(ProfileOutcome.NotFound, (await viaSecond.GetAsync()).Outcome);
    }

    [Fact]
    public async Task A_write_is_committed_to_the_database_before_it_returns()
    {
        var id = NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);

        await grain.CreateAsync(Fields("stored"));
        Assert.Equal(1L, await fixture.Database.ScalarAsync("SELECT version FROM profiles WHERE id = @id", ("@id", id)));

        await grain.PatchAsync(new ProfilePatch(ProfileFieldMask.Model | ProfileFieldMask.Params, Fields() with { Model = null, Params = null }), null);
        Assert.Equal(2L, await fixture.Database.ScalarAsync("SELECT version FROM profiles WHERE id = @id", ("@id", id)));
        Assert.Null(await fixture.Database.ScalarAsync("SELECT model FROM profiles WHERE id = @id", ("@id", id)));
        Assert.Equal("stored", await fixture.Database.ScalarAsync("SELECT name FROM profiles WHERE id = @id", ("@id", id)));

        await grain.DeleteAsync(null);
        Assert.Equal(0L, await fixture.Database.ScalarAsync("SELECT count(*) FROM profiles WHERE id = @id", ("@id", id)));
    }

    [Fact]
    public async Task Creating_an_existing_id_is_refused_and_changes_nothing()
    {
        var id = NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(Fields("original"));
        var writes = fixture.DatabaseStatements().Writes;

        var again = await fixture.GrainFactoryOfSilo(1).GetGrain<IProfileGrain>(id).CreateAsync(Fields("other"));

        Assert.Equal(ProfileOutcome.AlreadyExists, again.Outcome);
        Assert.Equal(writes, fixture.DatabaseStatements().Writes);
        Assert.Equal("original", NameOf(await grain.GetAsync()));
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_and_changes_nothing()
    {
        var id = NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(Fields("v1"));
        await grain.ReplaceAsync(Fields("v2"), null);
        var writes = fixture.DatabaseStatements().Writes;

        Assert.Equal(ProfileOutcome.PreconditionFailed, (await grain.ReplaceAsync(Fields("x"), ifMatch: [1])).Outcome);
        Assert.Equal(ProfileOutcome.PreconditionFailed, (await grain.PatchAsync(new ProfilePatch(ProfileFieldMask.Name, Fields("x")), ifMatch: [])).Outcome);
        Assert.Equal(ProfileOutcome.PreconditionFailed, (await grain.DeleteAsync(ifMatch: [1, 3])).Outcome);

        Assert.Equal(writes, fixture.DatabaseStatements().Writes);
        var current = await grain.GetAsync();
        Assert.Equal(2, current.Profile!.Version);
        Assert.Equal("v2", NameOf(current));
    }

    [Fact]
    public async Task A_write_after_an_edit_behind_the_api_is_decided_against_the_stored_row()
    {
        var id = NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(Fields("api"));
        await EditRowAsync(fixture.Database, id, "edited elsewhere", version: 5);

        // The If-Match names the version the cache held, but the row has moved on: refused.
        Assert.Equal(ProfileOutcome.PreconditionFailed, (await grain.ReplaceAsync(Fields("mine"), ifMatch: [1])).Outcome);

        // Without a precondition the write applies on top of the stored row, and the version counts on from it.
        var patched = await grain.PatchAsync(new ProfilePatch(ProfileFieldMask.Model, Fields() with { Model = "o3" }), null);
        Assert.Equal(6, patched.Profile!.Version);
        Assert.Equal("edited elsewhere", NameOf(patched));
        Assert.Equal(6L, await fixture.Database.ScalarAsync("SELECT version FROM profiles WHERE id = @id", ("@id", id)));
    }

    [Fact]
    public async Task Writes_to_a_missing_profile_answer_not_found_and_write_nothing()
    {
        var id = NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        var writes = fixture.DatabaseStatements().Writes;

        Assert.Equal(ProfileOutcome.NotFound, (await grain.GetAsync()).Outcome);
        Assert.Equal(ProfileOutcome.NotFound, (await grain.ReplaceAsync(Fields(), null)).Outcome);
        Assert.Equal(ProfileOutcome.NotFound, (await grain.PatchAsync(new ProfilePatch(ProfileFieldMask.Name, Fields()), [1])).Outcome);
        Assert.Equal(ProfileOutcome.NotFound, (await grain.DeleteAsync(null)).Outcome);
        Assert.Equal(writes, fixture.DatabaseStatements().Writes);
    }

    [Fact]
    public async Task Lookups_of_unknown_ids_leave_no_activations_behind_once_absence_is_forgotten()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => NewId()).ToArray();
        var results = await Task.WhenAll(ids.Select(id => fixture.Client.GetGrain<IProfileGrain>(id).GetAsync().AsTask()));
        Assert.All(results, r => Assert.Equal(ProfileOutcome.NotFound, r.Outcome));

        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var profileType = GrainType.Create("profile");
        var wanted = ids.Select(id => GrainId.Create(profileType, id)).ToHashSet();
        await Eventually.UntilAsync(
            async () => (await management.GetActiveGrains(profileType)).Count(wanted.Contains),
            remaining => remaining == 0,
            TimeSpan.FromSeconds(30),
            "the activations of unknown ids to end");
    }

    [Fact]
    public async Task The_list_is_invalidated_by_create_update_and_delete_seen_from_the_other_silo()
    {
        var id = NewId();
        var writer = fixture.GrainFactoryOfSilo(0).GetGrain<IProfileGrain>(id);
        var list = fixture.GrainFactoryOfSilo(1).GetGrain<IProfileListGrain>(IProfileListGrain.Key);
        await list.GetAsync(0, null);

        await writer.CreateAsync(Fields("listed"));
        Assert.Equal("listed", NameIn(await list.GetAsync(0, null), id));

        await writer.PatchAsync(new ProfilePatch(ProfileFieldMask.Name, Fields("renamed")), null);
        Assert.Equal("renamed", NameIn(await list.GetAsync(0, null), id));

        await writer.DeleteAsync(null);
        Assert.Null(NameIn(await list.GetAsync(0, null), id));
    }

    [Fact]
    public async Task The_list_is_served_from_memory_until_a_write()
    {
        var list = fixture.Client.GetGrain<IProfileListGrain>(IProfileListGrain.Key);
        await fixture.Client.GetGrain<IProfileGrain>(NewId()).CreateAsync(Fields("seed"));
        await list.GetAsync(0, null);
        var before = fixture.DatabaseStatements();

        for (var i = 0; i < 20; i++)
        {
            await fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileListGrain>(IProfileListGrain.Key).GetAsync(0, 10);
        }

        Assert.Equal(before, fixture.DatabaseStatements());
    }

    [Fact]
    public async Task The_list_pages_by_offset_and_limit_in_created_order()
    {
        var list = fixture.Client.GetGrain<IProfileListGrain>(IProfileListGrain.Key);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = NewId();
            ids.Add(id);
            await fixture.Client.GetGrain<IProfileGrain>(id).CreateAsync(Fields($"page {i}"));
        }

        var all = (await list.GetAsync(0, null)).Select(p => Parse(p).GetProperty("id").GetString()).ToList();
        var start = all.IndexOf(ids[0]);
        Assert.Equal(ids, all.Skip(start).Take(3));

        var page = await list.GetAsync(start + 1, 2);
        Assert.Equal(ids.Skip(1), page.Select(p => Parse(p).GetProperty("id").GetString()));
        Assert.Empty(await list.GetAsync(all.Count, null));
    }

    private static string? NameIn(IEnumerable<ProfileSnapshot> list, string id) =>
        list.Select(Parse).Where(p => p.GetProperty("id").GetString() == id).Select(p => p.GetProperty("name").GetString()).SingleOrDefault();
}
