using System.Net;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Security;

/// <summary>
/// A frontend with <c>Security:ApiKey</c> configured: every route answers 401 without the key or with a wrong
/// one, and changes nothing (no row, no cache, no counter); with the key every route answers as usual. The
/// health routes and the OpenAPI document need the key too, unless <c>Security:AllowAnonymousLiveness</c> opens
/// <c>/health/live</c>. The state each test looks at is seeded through the keyless frontend A
/// over the same cluster.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class ApiKeyTests(FrontendFixture fixture, ApiKeyFrontend keyed) : IClassFixture<ApiKeyFrontend>
{
    /// <summary>What a test seeded: a profile named "Kept", and a provider with one model "m".</summary>
    private sealed record Seed(string ProfileId, string Provider)
    {
        /// <summary>The id a create would use: no profile has it.</summary>
        public string NewProfileId => ProfileId + "-new";
    }

    /// <summary>One request of an <c>/api/*</c> route, and its status when it carries the right key.</summary>
    private sealed record Route(string Method, Func<Seed, string> Url, Func<Seed, HttpContent?> Body, HttpStatusCode WithKey);

    private static readonly Dictionary<string, Route> Routes = new()
    {
        ["GET /api/profiles"] = new("GET", _ => ProfilesRoute, _ => null, HttpStatusCode.OK),
        ["GET /API/PROFILES"] = new("GET", _ => "/API/PROFILES", _ => null, HttpStatusCode.OK),
        ["GET /api/profiles/{id}"] = new("GET", s => Url(s.ProfileId), _ => null, HttpStatusCode.OK),
        ["POST /api/profiles"] = new("POST", _ => ProfilesRoute, s => Body($$"""{ "id": "{{s.NewProfileId}}", "name": "Created" }"""), HttpStatusCode.Created),
        ["PUT /api/profiles/{id}"] = new("PUT", s => Url(s.ProfileId), _ => Body("""{ "name": "Replaced" }"""), HttpStatusCode.OK),
        ["PATCH /api/profiles/{id}"] = new("PATCH", s => Url(s.ProfileId), _ => Body("""{ "name": "Patched" }""", MergePatch), HttpStatusCode.OK),
        ["DELETE /api/profiles/{id}"] = new("DELETE", s => Url(s.ProfileId), _ => null, HttpStatusCode.NoContent),
        ["GET /api/models"] = new("GET", s => $"{ModelHttp.ModelsRoute}?provider={s.Provider}", _ => null, HttpStatusCode.OK),
        ["GET /api/models/{provider}/{id}"] = new("GET", s => ModelHttp.Url(s.Provider, "m"), _ => null, HttpStatusCode.OK),
        ["POST /api/models/sync"] = new(
            "POST",
            _ => ModelHttp.SyncRoute,
            s => Body($$"""{ "provider": "{{s.Provider}}", "models": [ { "id": "intruder", "name": "I" } ], "prune": true }"""),
            HttpStatusCode.OK),
        ["GET /api/cache/stats"] = new("GET", _ => CacheStatsHttp.StatsRoute, _ => null, HttpStatusCode.OK),
        ["POST /api/cache/clear"] = new("POST", _ => "/api/cache/clear", _ => null, HttpStatusCode.OK),
        ["POST /api/cache/clear/profiles"] = new("POST", _ => "/api/cache/clear/profiles", _ => null, HttpStatusCode.OK),
        ["POST /api/cache/clear/models"] = new("POST", _ => "/api/cache/clear/models", _ => null, HttpStatusCode.OK),
        ["GET /api/no-such-route"] = new("GET", _ => "/api/no-such-route", _ => null, HttpStatusCode.NotFound),
    };

    /// <summary>The X-Api-Key headers of requests that do not carry the key alone (none: no header at all).</summary>
    private static readonly Dictionary<string, string[]> WrongKeys = new()
    {
        ["no key"] = [],
        ["a wrong key"] = ["wrong"],
        ["an empty key"] = [""],
        ["the key in upper case"] = [ApiKeyFrontend.Key.ToUpperInvariant()],
        ["the key with a character more"] = [ApiKeyFrontend.Key + "0"],
        ["the key less its last character"] = [ApiKeyFrontend.Key[..^1]],
        ["the key beside a wrong one"] = ["wrong", ApiKeyFrontend.Key],
    };

    public static TheoryData<string, string> EveryRouteWithoutTheKey =>
        [.. Routes.Keys.Select(route => (route, "no key")).Concat(Routes.Keys.Select(route => (route, "a wrong key")))];

    public static TheoryData<string, string> NearMissesOfTheKey =>
        [.. WrongKeys.Keys.Select(key => ("POST /api/models/sync", key)).Concat(WrongKeys.Keys.Select(key => ("DELETE /api/profiles/{id}", key)))];

    public static TheoryData<string> EveryRoute => [.. Routes.Keys];

    [Theory]
    [MemberData(nameof(EveryRouteWithoutTheKey))]
    [MemberData(nameof(NearMissesOfTheKey))]
    public async Task A_request_without_the_right_key_answers_a_401_problem_and_changes_nothing(string route, string wrongKey)
    {
        var seed = await SeedAsync();
        var request = Routes[route];
        var profile = await fixture.Database.ReadAsync(seed.ProfileId);
        var models = await fixture.Database.ReadModelsAsync(seed.Provider);
        var before = await fixture.A.GetCacheStatsAsync();

        using (var response = await SendAsync(request, seed, WrongKeys[wrongKey]))
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.NotEmpty(response.Headers.WwwAuthenticate);
        }

        Assert.Equal(profile, await fixture.Database.ReadAsync(seed.ProfileId));
        Assert.Null(await fixture.Database.ReadAsync(seed.NewProfileId));
        Assert.Equal(models, await fixture.Database.ReadModelsAsync(seed.Provider));
        var after = await fixture.A.GetCacheStatsAsync();
        Assert.Equal(before.Counters, after.Counters);

        // Nothing was cleared: the profile and the model are still cached.
        await SendWithKeyAsync(HttpMethod.Get, Url(seed.ProfileId), HttpStatusCode.OK);
        await SendWithKeyAsync(HttpMethod.Get, ModelHttp.Url(seed.Provider, "m"), HttpStatusCode.OK);
        var read = await fixture.A.GetCacheStatsAsync();
        Assert.Equal((1L, 0L, 1L, 0L), (read.Profiles.Hits - after.Profiles.Hits, read.Profiles.Misses - after.Profiles.Misses, read.Models.Hits - after.Models.Hits, read.Models.Misses - after.Models.Misses));
    }

    [Theory]
    [MemberData(nameof(EveryRoute))]
    public async Task A_request_with_the_right_key_answers_as_usual(string route)
    {
        var seed = await SeedAsync();
        var request = Routes[route];

        using var response = await SendAsync(request, seed, [ApiKeyFrontend.Key]);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == request.WithKey, $"Expected {(int)request.WithKey}, got {(int)response.StatusCode}: {body}");
    }

    [Fact]
    public async Task Writes_with_the_right_key_take_effect()
    {
        var seed = await SeedAsync();

        await SendWithKeyAsync(HttpMethod.Post, ProfilesRoute, HttpStatusCode.Created, Body($$"""{ "id": "{{seed.NewProfileId}}", "name": "Created" }"""));
        await SendWithKeyAsync(
            HttpMethod.Post, ModelHttp.SyncRoute, HttpStatusCode.OK, Body($$"""{ "provider": "{{seed.Provider}}", "models": [ { "id": "intruder", "name": "I" } ], "prune": true }"""));

        Assert.Equal("Created", (await fixture.A.GetProfileAsync(seed.NewProfileId)).Text("name"));
        Assert.Equal(["intruder"], (await fixture.A.ListModelsAsync($"?provider={seed.Provider}")).Select(m => m.Text("id")));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task The_routes_outside_the_api_need_the_key_too(string route)
    {
        using (var without = await keyed.Client.GetAsync(route, TestContext.Current.CancellationToken))
        {
            await ProblemAssert.IsProblemAsync(without, HttpStatusCode.Unauthorized);
        }

        using var with = await SendAsync(HttpMethod.Get, route, null, [ApiKeyFrontend.Key]);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task An_unknown_route_answers_401_without_the_key_and_404_with_it()
    {
        // Without the key, nothing tells a caller which paths exist.
        using (var without = await keyed.Client.SendAsync(HttpMethod.Get, "/apis/profiles"))
        {
            await ProblemAssert.IsProblemAsync(without, HttpStatusCode.Unauthorized);
        }

        using var with = await SendAsync(HttpMethod.Get, "/apis/profiles", null, [ApiKeyFrontend.Key]);
        await ProblemAssert.IsProblemAsync(with, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AllowAnonymousLiveness_opens_health_live_and_nothing_else()
    {
        await using var factory = new FrontendFactory(
            fixture.Cluster.Silos[0].ServiceProvider,
            new Dictionary<string, string> { ["Security:ApiKey"] = ApiKeyFrontend.Key, ["Security:AllowAnonymousLiveness"] = "true" });
        using var client = factory.CreateClient();
        var cancellation = TestContext.Current.CancellationToken;

        using (var live = await client.GetAsync("/health/live", cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        foreach (var route in new[] { "/health/ready", "/health/live/x", "/openapi/v1.json", ProfilesRoute })
        {
            using var response = await client.GetAsync(route, cancellation);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        }
    }

    /// <summary>Creates the profile and the model through frontend A, then reads each through the keyed frontend, so both are cached.</summary>
    private async Task<Seed> SeedAsync()
    {
        var seed = new Seed(TestIds.New(), TestIds.NewProvider());
        await fixture.A.CreateProfileAsync(seed.ProfileId, "\"name\": \"Kept\"");
        await fixture.A.SyncModelsAsync(seed.Provider, """{ "id": "m", "name": "M" }""");
        await SendWithKeyAsync(HttpMethod.Get, Url(seed.ProfileId), HttpStatusCode.OK);
        await SendWithKeyAsync(HttpMethod.Get, ModelHttp.Url(seed.Provider, "m"), HttpStatusCode.OK);
        return seed;
    }

    private Task<HttpResponseMessage> SendAsync(Route route, Seed seed, string[] keys) =>
        SendAsync(new HttpMethod(route.Method), route.Url(seed), route.Body(seed), keys);

    /// <summary>Sends a request to the keyed frontend with <paramref name="keys"/> as its X-Api-Key headers, written as they are.</summary>
    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? body, string[] keys)
    {
        var request = new HttpRequestMessage(method, url) { Content = body };
        foreach (var key in keys)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyFrontend.HeaderName, key);
        }

        return keyed.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Sends a request with the right key; asserts <paramref name="expected"/>.</summary>
    private async Task SendWithKeyAsync(HttpMethod method, string url, HttpStatusCode expected, HttpContent? body = null)
    {
        using var response = await SendAsync(method, url, body, [ApiKeyFrontend.Key]);
        await response.ReadJsonAsync(expected);
    }
}
