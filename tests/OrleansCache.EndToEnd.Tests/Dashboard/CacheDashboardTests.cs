using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Dashboard;

/// <summary>
/// The silo's cache page (<c>/dashboard/cache/</c>) in a real browser: the silo and the frontend run behind an API
/// key, the test sends hits and misses through the frontend, loads the page in headless Chromium with the key as the
/// password of HTTP Basic (as a person answers the browser's prompt), lets its script poll for a few seconds of
/// virtual time, and compares every figure the rendered page shows with <c>GET /api/cache/stats</c> read right after.
/// </summary>
public sealed partial class CacheDashboardTests(ITestOutputHelper output)
{
    private const int ProfileReads = 6;
    private const int UnknownReads = 4;
    private const int ModelReads = 3;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_cache_page_shows_in_a_browser_the_figures_the_stats_route_gives()
    {
        HeadlessChromium.Require();
        var key = "sk_" + RandomNumberGenerator.GetHexString(40, lowercase: true);
        await using var system = new SystemUnderTest(output);
        system.SiloArguments.Add($"--Security:ApiKey={key}");
        system.FrontendArguments.Add($"--Security:ApiKey={key}");
        system.Http.DefaultRequestHeaders.Add("X-Api-Key", key);
        await system.StartAsync(Cancellation);

        var id = "dash" + Guid.NewGuid().ToString("N");
        using (var created = await system.Http.PostAsync(
            "/api/profiles", new StringContent($$"""{ "id": "{{id}}", "name": "watched" }""", Encoding.UTF8, "application/json"), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        for (var i = 0; i < ProfileReads; i++)
        {
            using var read = await system.Http.GetAsync($"/api/profiles/{id}", Cancellation);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        for (var i = 0; i < UnknownReads; i++)
        {
            using var missing = await system.Http.GetAsync($"/api/profiles/nobody{i}", Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        for (var i = 0; i < ModelReads; i++)
        {
            using var models = await system.Http.GetAsync("/api/models", Cancellation);
            Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        }

        // The page and its data are behind the key, as the dashboard is.
        var page = new Uri(system.DashboardUrl, "/dashboard/cache/");
        using (var anonymous = new HttpClient { Timeout = SystemUnderTest.Patience })
        {
            foreach (var path in new[] { "/dashboard/cache/", "/dashboard/cache/data", "/dashboard/cache/cache.js" })
            {
                using var refused = await anonymous.GetAsync(new Uri(system.DashboardUrl, path), Cancellation);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }
        }

        var withKey = new UriBuilder(page) { UserName = "operator", Password = key }.Uri;
        var dom = await HeadlessChromium.DumpDomAsync(withKey, TimeSpan.FromSeconds(5), output, Cancellation);
        var stats = await system.Http.GetFromJsonAsync<JsonElement>("/api/cache/stats", Cancellation);
        output.WriteLine($"[dashboard] /api/cache/stats after the page: {stats}");

        var shown = Figures(dom);
        output.WriteLine($"[dashboard] the page shows: {string.Join(", ", shown.Select(f => $"{f.Key}={f.Value}"))}");
        var status = StatusPattern().Match(dom);
        Assert.True(status.Success && status.Groups["state"].Value == "live", $"The page is not live: {(status.Success ? status.Value : "no status")}.{Environment.NewLine}{dom}");
        var samples = int.Parse(SamplesPattern().Match(dom).Groups["count"].Value, CultureInfo.InvariantCulture);
        Assert.True(samples >= 2, $"The page polled {samples} time(s) in 5 s; it should poll every 2 s.");

        // The traffic above is what the figures count, so the comparison is not of zeros with zeros.
        var caches = stats.GetProperty("caches").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(ProfileReads, caches["profiles"].GetProperty("hits").GetInt64());
        Assert.Equal(UnknownReads, caches["profiles"].GetProperty("misses").GetInt64());
        Assert.Equal(ModelReads, caches["models"].GetProperty("hits").GetInt64() + caches["models"].GetProperty("misses").GetInt64());

        Assert.Equal(["models", "profiles"], caches.Keys.Order(StringComparer.Ordinal));
        var database = stats.GetProperty("database");
        Assert.True(database.GetProperty("reads").GetInt64() > 0, "The misses above read the database.");

        // Every figure of the route, keyed as the page keys them, against what the page shows.
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["database.reads"] = database.GetProperty("reads").GetInt64().ToString(CultureInfo.InvariantCulture),
            ["database.writes"] = database.GetProperty("writes").GetInt64().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, cache) in caches)
        {
            expected[$"{name}.hits"] = cache.GetProperty("hits").GetInt64().ToString(CultureInfo.InvariantCulture);
            expected[$"{name}.misses"] = cache.GetProperty("misses").GetInt64().ToString(CultureInfo.InvariantCulture);
            expected[$"{name}.size"] = cache.GetProperty("size").GetInt64().ToString(CultureInfo.InvariantCulture);
            expected[$"{name}.ttl"] = cache.GetProperty("ttl").GetInt64().ToString(CultureInfo.InvariantCulture);
            expected[$"{name}.near_hits"] = cache.GetProperty("near").GetProperty("hits").GetInt64().ToString(CultureInfo.InvariantCulture);
            expected[$"{name}.hit_rate"] = cache.GetProperty("hit_rate").GetString()!;
        }

        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var figure in expected.Keys)
        {
            actual[figure] = figure.EndsWith(".hit_rate", StringComparison.Ordinal)
                ? Shown(shown, figure)
                : Whole(shown, figure).ToString(CultureInfo.InvariantCulture);
        }

        Assert.Equal(expected, actual);
    }

    // Every element with a data-figure attribute, and the text it shows.
    private static Dictionary<string, string> Figures(string dom) =>
        FigurePattern().Matches(dom).ToDictionary(m => m.Groups["key"].Value, m => WebUtility.HtmlDecode(m.Groups["text"].Value).Trim());

    private static string Shown(Dictionary<string, string> shown, string key) =>
        shown.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"The page shows no figure {key}; it shows {string.Join(", ", shown.Keys)}.");

    // A whole number as the page writes it, with thousands separators.
    private static long Whole(Dictionary<string, string> shown, string key) =>
        long.Parse(Shown(shown, key), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex("""<[a-z0-9]+\b[^>]*\bdata-figure="(?<key>[^"]+)"[^>]*>(?<text>[^<]*)<""")]
    private static partial Regex FigurePattern();

    [GeneratedRegex("""id="status"[^>]*\bdata-state="(?<state>[^"]+)"[^>]*>[^<]*""")]
    private static partial Regex StatusPattern();

    [GeneratedRegex("""id="samples"[^>]*>(?<count>\d+)<""")]
    private static partial Regex SamplesPattern();
}
