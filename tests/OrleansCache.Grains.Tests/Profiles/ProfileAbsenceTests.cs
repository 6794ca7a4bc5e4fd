using OrleansCache.Profiles;
using OrleansCache.Testing;
using static OrleansCache.Grains.Tests.Profiles.ProfileTestData;

namespace OrleansCache.Grains.Tests.Profiles;

/// <summary>
/// Ids with no profile: concurrent lookups share one read, every lookup is counted, a create through the API is
/// seen at once from either silo, and writes to an absent id answer not found, however many arrive together.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ProfileAbsenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Concurrent_lookups_of_a_never_created_id_cause_one_read_and_are_all_counted()
    {
        var id = NewId();
        var before = fixture.DatabaseStatements();
        var countsBefore = Sum(fixture.SiloCounts());

        var results = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileGrain>(id).GetAsync().AsTask()));

        Assert.All(results, r => Assert.Equal(ProfileOutcome.NotFound, r.Outcome));
        Assert.Equal(1, fixture.DatabaseStatements().Reads - before.Reads);
        var countsAfter = Sum(fixture.SiloCounts());
        Assert.Equal(1, countsAfter.Misses - countsBefore.Misses);
        Assert.Equal(199, countsAfter.Hits - countsBefore.Hits);
    }

    [Fact]
    public async Task A_just_deleted_id_answers_not_found_from_memory()
    {
        var id = NewId();
        var grain = fixture.GrainFactoryOfSilo(0).GetGrain<IProfileGrain>(id);
        await grain.CreateAsync(Fields("doomed"));
        Assert.Equal(ProfileOutcome.Deleted, (await grain.DeleteAsync(null)).Outcome);
        var before = fixture.DatabaseStatements();

        var results = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileGrain>(id).GetAsync().AsTask()));

        Assert.All(results, r => Assert.Equal(ProfileOutcome.NotFound, r.Outcome));
        Assert.Equal(0, fixture.DatabaseStatements().Reads - before.Reads);
    }

    [Fact]
    public async Task Concurrent_writes_to_an_unknown_id_all_answer_not_found_after_one_read_and_write_nothing()
    {
        var id = NewId();
        var before = fixture.DatabaseStatements();

        var writes = Enumerable.Range(0, 300).Select(i =>
        {
            var grain = fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileGrain>(id);
            return (i % 3) switch
            {
                0 => grain.ReplaceAsync(Fields("replaced"), null),
                1 => grain.PatchAsync(new ProfilePatch(ProfileFieldMask.Name, Fields("patched")), [1]),
                _ => grain.DeleteAsync(null),
            };
        });
        var results = await Task.WhenAll(writes);

        Assert.All(results, r => Assert.Equal(ProfileOutcome.NotFound, r.Outcome));
        var statements = fixture.DatabaseStatements();
        Assert.Equal(1, statements.Reads - before.Reads);
        Assert.Equal(0, statements.Writes - before.Writes);
    }

    [Fact]
    public async Task A_create_right_after_a_burst_of_not_found_is_visible_at_once_from_either_silo()
    {
        var id = NewId();
        await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(i => fixture.GrainFactoryOfSilo(i % 2).GetGrain<IProfileGrain>(id).GetAsync().AsTask()));

        Assert.Equal(ProfileOutcome.Created, (await fixture.GrainFactoryOfSilo(1).GetGrain<IProfileGrain>(id).CreateAsync(Fields("born"))).Outcome);

        Assert.Equal("born", NameOf(await fixture.GrainFactoryOfSilo(0).GetGrain<IProfileGrain>(id).GetAsync()));
        Assert.Equal("born", NameOf(await fixture.GrainFactoryOfSilo(1).GetGrain<IProfileGrain>(id).GetAsync()));
    }

    [Fact]
    public async Task A_create_that_finds_a_row_made_behind_the_api_holds_that_row_from_then_on()
    {
        var id = NewId();
        var grain = fixture.Client.GetGrain<IProfileGrain>(id);
        Assert.Equal(ProfileOutcome.NotFound, (await grain.GetAsync()).Outcome);
        await InsertRowAsync(fixture.Database, id, "behind the api");

        Assert.Equal(ProfileOutcome.AlreadyExists, (await grain.CreateAsync(Fields("through the api"))).Outcome);

        Assert.Equal("behind the api", NameOf(await grain.GetAsync()));
    }
}
