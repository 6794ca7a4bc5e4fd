using System.Net;
using System.Text.Json;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Limits;

/// <summary>
/// The optional rate limit: off by default; on, a client past <c>RateLimiting:PermitLimit</c> requests in a window gets
/// 429 as a problem with Retry-After, and health probes are never limited; bad settings refuse the start.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class RateLimitingTests(FrontendFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_settings_no_request_is_limited()
    {
        var url = Url(TestIds.New());
        for (var i = 0; i < 150; i++)
        {
            using var response = await fixture.A.SendAsync(HttpMethod.Get, url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Past_the_permit_limit_the_API_answers_429_with_Retry_After_and_health_still_answers()
    {
        await using var frontend = new FrontendFactory(fixture.Cluster.Silos[0].ServiceProvider, new Dictionary<string, string>
        {
            ["RateLimiting:Enabled"] = "true",
            ["RateLimiting:PermitLimit"] = "3",
            ["RateLimiting:Window"] = "00:10:00",
        });
        using var http = frontend.CreateClient();
        var url = Url(TestIds.New());
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await http.SendAsync(HttpMethod.Get, url);
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        using var refused = await http.SendAsync(HttpMethod.Get, url);

        var body = await refused.Content.ReadAsStringAsync(Cancellation);
        Assert.True(refused.StatusCode == HttpStatusCode.TooManyRequests, $"Expected 429, got {(int)refused.StatusCode}: {body}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        using (var problem = JsonDocument.Parse(body))
        {
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("type").GetString()));
            Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
        }

        using var live = await http.GetAsync("/health/live", Cancellation);
        Assert.True(live.StatusCode == HttpStatusCode.OK, $"/health/live: {(int)live.StatusCode} {await live.Content.ReadAsStringAsync(Cancellation)}");
    }

    [Theory]
    [InlineData("RateLimiting:PermitLimit", "0")]
    [InlineData("RateLimiting:Window", "00:00:00")]
    [InlineData("RateLimiting:Window", "02:00:00")]
    [InlineData("RateLimiting:PermitLimit", "many")]
    public async Task A_bad_setting_refuses_the_start_naming_its_key(string key, string value)
    {
        await using var frontend = new FrontendFactory(fixture.Cluster.Silos[0].ServiceProvider, new Dictionary<string, string>
        {
            ["RateLimiting:Enabled"] = "true",
            [key] = value,
        });

        var refusal = Assert.Throws<InvalidOperationException>(() => frontend.CreateClient());
        Assert.Contains(key, refusal.Message, StringComparison.Ordinal);
    }
}
