using System.Net;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Near;

/// <summary>
/// <c>Cache:Near:Enabled=false</c>: the frontend answers nothing from memory. Every profile, list and model read is
/// one grain lookup, as before the near cache; writes and syncs are seen by the next read all the same.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class NearCacheDisabledTests(FrontendFixture fixture)
{
    [Fact]
    public async Task Every_read_is_a_grain_lookup_and_none_is_a_near_hit()
    {
        await using var factory = new FrontendFactory(
            fixture.Cluster.Silos[0].ServiceProvider, new Dictionary<string, string> { ["Cache:Near:Enabled"] = "false" });
        using var client = factory.CreateClient();
        var id = TestIds.New();
        await client.CreateProfileAsync(id);
        var provider = "off" + TestIds.New();
        await client.SyncModelsAsync(provider, """{ "id": "m1", "name": "one" }""");

        var profileLookups = ProfileLookups();
        var modelLookups = ModelLookups();
        for (var i = 0; i < 5; i++)
        {
            await client.GetProfileAsync(id);
            await client.ListProfilesAsync();
            await client.ListModelsAsync($"?provider={provider}");
            await client.GetModelAsync(provider, "m1");
        }

        Assert.Equal(profileLookups + 10, ProfileLookups());
        Assert.Equal(modelLookups + 10, ModelLookups());
        Assert.False(factory.Near.Enabled);
        Assert.Equal(default, factory.Near.Hits);
        Assert.Equal(0, factory.Near.Count);

        using var patch = await client.SendJsonAsync(HttpMethod.Patch, Url(id), """{"name":"changed"}""", mediaType: "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("changed", (await client.GetProfileAsync(id)).Text("name"));
        Assert.Equal(0, factory.Near.Count);
    }

    private long ProfileLookups() => fixture.SiloCounts().Sum(silo => silo.Totals.ProfileHits + silo.Totals.ProfileMisses);

    private long ModelLookups() => fixture.SiloCounts().Sum(silo => silo.Totals.ModelHits + silo.Totals.ModelMisses);
}
