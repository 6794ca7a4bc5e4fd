using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests;

/// <summary>The cumulative cache counters are kept in the database and survive a restart of the silo process.</summary>
public sealed class StatsRestartTests(ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hits_misses_and_statement_counts_survive_a_restart_of_the_silo()
    {
        await using var system = new SystemUnderTest(output);
        await system.StartAsync(Cancellation);

        var id = "e2e" + Guid.NewGuid().ToString("N");
        using (var created = await system.Http.PostAsync(
            "/api/profiles",
            new StringContent($$"""{ "id": "{{id}}", "name": "counted" }""", Encoding.UTF8, "application/json"),
            Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            using var read = await system.Http.GetAsync($"/api/profiles/{id}", Cancellation);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using (var missing = await system.Http.GetAsync("/api/profiles/nobody-has-this-id", Cancellation))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var before = await StatsAsync(system.Http);
        Assert.Equal((5L, 1L), Profiles(before));

        Assert.Equal(0, await system.StopSiloAsync(Cancellation));
        await system.StartSiloAsync(Cancellation);

        using var served = await system.GetWhenServedAsync("/api/cache/stats", Cancellation);
        var after = JsonDocument.Parse(await served.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.Equal(Profiles(before), Profiles(after));
        Assert.Equal(Database(before), Database(after));
        Assert.Equal(0, Cache(after, "profiles").GetProperty("size").GetInt64());
    }

    private static async Task<JsonElement> StatsAsync(HttpClient http) =>
        await http.GetFromJsonAsync<JsonElement>("/api/cache/stats", Cancellation);

    private static JsonElement Cache(JsonElement stats, string name) =>
        stats.GetProperty("caches").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static (long Hits, long Misses) Profiles(JsonElement stats) =>
        (Cache(stats, "profiles").GetProperty("hits").GetInt64(), Cache(stats, "profiles").GetProperty("misses").GetInt64());

    private static (long Reads, long Writes) Database(JsonElement stats) =>
        (stats.GetProperty("database").GetProperty("reads").GetInt64(), stats.GetProperty("database").GetProperty("writes").GetInt64());
}
