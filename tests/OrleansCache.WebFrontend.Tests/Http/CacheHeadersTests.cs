using System.Net;
using OrleansCache.Testing;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Http;

/// <summary>
/// Cached answers say <c>Cache-Control: no-cache</c>, so intermediaries revalidate (with the ETag for a profile)
/// rather than serve a copy the cluster has replaced; the near cache's answers included.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class CacheHeadersTests(FrontendFixture fixture)
{
    [Fact]
    public async Task Profile_list_model_answers_and_a_304_say_no_cache()
    {
        var id = TestIds.New();
        var provider = TestIds.NewProvider();
        await fixture.A.CreateProfileAsync(id);
        await fixture.A.SyncModelsAsync(provider, """{ "id": "m1", "name": "Model one" }""");

        foreach (var route in new[] { Url(id), ProfilesRoute, $"/api/models?provider={provider}", ModelHttp.Url(provider, "m1") })
        {
            using var response = await fixture.A.SendAsync(HttpMethod.Get, route);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoCache is true, $"GET {route}: Cache-Control {response.Headers.CacheControl}");
        }

        using var notModified = await fixture.A.SendAsync(HttpMethod.Get, Url(id), ifNoneMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.True(notModified.Headers.CacheControl?.NoCache is true, $"304: Cache-Control {notModified.Headers.CacheControl}");
    }

    [Fact]
    public async Task A_profile_answered_from_the_near_cache_says_no_cache()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        // Read until one answer came from frontend A's memory (its near-cache lease is renewed shortly after start).
        var noCache = await Eventually.UntilAsync(
            async () =>
            {
                await fixture.A.GetProfileAsync(id);
                var before = fixture.NearHits();
                using var response = await fixture.A.SendAsync(HttpMethod.Get, Url(id));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return (NearHit: fixture.NearHits().Profiles > before.Profiles, NoCache: response.Headers.CacheControl?.NoCache is true);
            },
            read => read.NearHit,
            TimeSpan.FromSeconds(30),
            "a read answered from frontend A's near cache");

        Assert.True(noCache.NoCache);
    }
}
