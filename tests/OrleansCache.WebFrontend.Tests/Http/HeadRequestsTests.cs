using System.Net;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Http;

/// <summary>
/// HEAD on every GET route, over real HTTP (a frontend on a loopback port, so Kestrel decides what goes on the wire):
/// GET's status and headers, no body, and conditional requests as for GET.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class HeadRequestsTests(FrontendFixture fixture) : IAsyncLifetime
{
    private FrontendFactory _frontend = null!;
    private HttpClient _http = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _frontend = new FrontendFactory(fixture.Cluster.Silos[0].ServiceProvider, loopback: true);
        _http = new HttpClient { BaseAddress = _frontend.Address };
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _frontend.DisposeAsync();
    }

    [Fact]
    public async Task Head_of_a_profile_has_the_headers_of_its_GET_and_no_body()
    {
        var id = TestIds.New();
        await _http.CreateProfileAsync(id);

        using var get = await _http.SendAsync(HttpMethod.Get, Url(id));
        using var head = await _http.SendAsync(HttpMethod.Head, Url(id));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.True(head.Content.Headers.ContentLength > 0);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancellation));
    }

    [Fact]
    public async Task Head_with_the_current_ETag_answers_304_and_with_an_old_one_200()
    {
        var id = TestIds.New();
        await _http.CreateProfileAsync(id);
        using (var patched = await _http.SendJsonAsync(HttpMethod.Patch, Url(id), """{ "name": "Second version" }"""))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        using var current = await _http.SendAsync(HttpMethod.Head, Url(id), ifNoneMatch: "\"2\"");
        using var old = await _http.SendAsync(HttpMethod.Head, Url(id), ifNoneMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.NotModified, current.StatusCode);
        Assert.Equal("\"2\"", current.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal("\"2\"", old.Headers.ETag?.Tag);
        Assert.Empty(await old.Content.ReadAsByteArrayAsync(Cancellation));
    }

    [Fact]
    public async Task Head_answers_every_GET_route_as_GET_does_without_a_body()
    {
        var id = TestIds.New();
        var provider = TestIds.NewProvider();
        await _http.CreateProfileAsync(id);
        await _http.SyncModelsAsync(provider, """{ "id": "m1", "name": "Model one" }""");
        string[] routes =
        [
            ProfilesRoute, Url(id), $"{ProfilesRoute}/{TestIds.New()}", "/api/models", $"/api/models?provider={provider}",
            ModelHttp.Url(provider, "m1"), "/api/cache/stats", "/openapi/v1.json", "/health/live", "/health/ready",
        ];

        foreach (var route in routes)
        {
            using var get = await _http.SendAsync(HttpMethod.Get, route);
            using var head = await _http.SendAsync(HttpMethod.Head, route);

            Assert.True(get.StatusCode == head.StatusCode, $"HEAD {route}: {(int)head.StatusCode}, GET: {(int)get.StatusCode}");
            Assert.True(
                Equals(get.Content.Headers.ContentType, head.Content.Headers.ContentType),
                $"HEAD {route}: {head.Content.Headers.ContentType}, GET: {get.Content.Headers.ContentType}");
            Assert.True(get.Content.Headers.ContentLength is not 0, $"GET {route} has no body to leave out");
            Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancellation));
        }
    }
}
