using System.Net;
using System.Text.Json;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Cache;

/// <summary>
/// <c>POST /api/cache/clear</c>, <c>/clear/profiles</c> and <c>/clear/models</c>: what they answer, that the caches
/// they name are empty afterwards (size 0, the next read of any key a miss, a row edited behind the API's back
/// seen fresh), that the other cache keeps its entries, and that no counter is reset. Sizes and counters are
/// cluster-wide; the tests of this collection run one at a time, so between two reads of the stats only the
/// test's own requests happen, and it compares the two.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class CacheClearTests(FrontendFixture fixture)
{
    public static TheoryData<string, bool, bool> Clears => new()
    {
        { "/api/cache/clear", true, true },
        { "/api/cache/clear/profiles", true, false },
        { "/api/cache/clear/models", false, true },
    };

    [Theory]
    [InlineData("/api/cache/clear", """{"cleared":["profiles","models"]}""")]
    [InlineData("/api/cache/clear/profiles", """{"cleared":["profiles"]}""")]
    [InlineData("/api/cache/clear/models", """{"cleared":["models"]}""")]
    public async Task A_clear_answers_200_naming_the_caches_it_cleared_even_when_they_are_already_empty(string route, string expected)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await (attempt == 0 ? fixture.A : fixture.B).SendAsync(HttpMethod.Post, route);

            var body = await response.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(expected, JsonSerializer.Serialize(body));
        }
    }

    [Theory]
    [MemberData(nameof(Clears))]
    public async Task A_clear_empties_the_caches_it_names_keeps_the_other_and_resets_no_counter(string route, bool profiles, bool models)
    {
        var warm = await WarmAsync();
        var before = await fixture.A.GetCacheStatsAsync();
        Assert.True(before.Profiles.Size >= 2, $"The profile and the list are cached: {before}");
        Assert.True(before.Models.Size >= 2, $"The model list and the model are cached: {before}");

        await ClearAsync(fixture.A, route);

        var cleared = await fixture.B.GetCacheStatsAsync();
        Assert.Equal(before.Counters, cleared.Counters);
        Assert.Equal(profiles, cleared.Profiles.Size == 0);
        Assert.Equal(models, cleared.Models.Size == 0);
        Assert.True(profiles || cleared.Profiles.Size >= 2, $"The profile cache keeps its entries: {cleared}");
        Assert.True(models || cleared.Models.Size >= 2, $"The model cache keeps its entries: {cleared}");

        // The next read of each key cached before: a miss that reads the database in a cleared cache, a hit in the other.
        await ReadAsync(warm);
        var after = await fixture.A.GetCacheStatsAsync();
        Assert.Equal(profiles ? 0 : 2, after.Profiles.Hits - cleared.Profiles.Hits);
        Assert.Equal(profiles ? 2 : 0, after.Profiles.Misses - cleared.Profiles.Misses);
        Assert.Equal(models ? 0 : 2, after.Models.Hits - cleared.Models.Hits);
        Assert.Equal(models ? 2 : 0, after.Models.Misses - cleared.Models.Misses);
        Assert.Equal((profiles ? 2 : 0) + (models ? 2 : 0), after.Reads - cleared.Reads);
        Assert.Equal(0, after.Writes - cleared.Writes);
        if (profiles)
        {
            Assert.Equal(2, after.Profiles.Size);
        }

        if (models)
        {
            Assert.Equal(2, after.Models.Size);
        }
    }

    [Theory]
    [MemberData(nameof(Clears))]
    public async Task A_row_edited_in_the_database_is_read_fresh_after_its_cache_is_cleared(string route, bool profiles, bool models)
    {
        var warm = await WarmAsync();
        await fixture.Database.RenameAsync(warm.ProfileId, "Edited");
        await fixture.Database.RenameModelAsync(warm.Provider, "m", "Edited");

        // Within the TTL, the caches still answer what they hold.
        Assert.Equal(["Cached", "Cached", "Cached", "Cached"], await NamesAsync(warm));

        await ClearAsync(fixture.B, route);

        var profileName = profiles ? "Edited" : "Cached";
        var modelName = models ? "Edited" : "Cached";
        Assert.Equal([profileName, profileName, modelName, modelName], await NamesAsync(warm));
    }

    [Theory]
    [InlineData("/api/cache/clear")]
    [InlineData("/api/cache/clear/profiles")]
    [InlineData("/api/cache/clear/models")]
    public async Task A_get_of_a_clear_route_answers_a_405_problem_and_clears_nothing(string route)
    {
        await WarmAsync();
        var before = await fixture.A.GetCacheStatsAsync();

        using (var response = await fixture.A.SendAsync(HttpMethod.Get, route))
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        }

        Assert.Equal(before, await fixture.A.GetCacheStatsAsync());
    }

    /// <summary>The keys <see cref="WarmAsync"/> cached: a profile (and the profile list), a provider's model list and one model.</summary>
    private sealed record Warm(string ProfileId, string Provider);

    /// <summary>Creates a profile and a model named "Cached" and reads each (and its list) through frontend B, so all four are cached.</summary>
    private async Task<Warm> WarmAsync()
    {
        var warm = new Warm(TestIds.New(), TestIds.NewProvider());
        await fixture.A.CreateProfileAsync(warm.ProfileId, "\"name\": \"Cached\"");
        await fixture.A.SyncModelsAsync(warm.Provider, """{ "id": "m", "name": "Cached" }""");
        await ReadAsync(warm);
        return warm;
    }

    /// <summary>Reads the profile, the profile list, the provider's models and the model, through frontend B: two lookups in each cache.</summary>
    private async Task ReadAsync(Warm warm) => await NamesAsync(warm);

    /// <summary>The names B answers for the profile, the profile in the list, the model in the provider's list, and the model.</summary>
    private async Task<string[]> NamesAsync(Warm warm) =>
    [
        (await fixture.B.GetProfileAsync(warm.ProfileId)).Text("name")!,
        Assert.Single(await fixture.B.ListProfilesAsync(), p => p.Id() == warm.ProfileId).Text("name")!,
        Assert.Single(await fixture.B.ListModelsAsync($"?provider={warm.Provider}")).Text("name")!,
        (await fixture.B.GetModelAsync(warm.Provider, "m")).Text("name")!,
    ];

    private static async Task ClearAsync(HttpClient frontend, string route)
    {
        using var response = await frontend.SendAsync(HttpMethod.Post, route);
        await response.ReadJsonAsync(HttpStatusCode.OK);
    }
}
