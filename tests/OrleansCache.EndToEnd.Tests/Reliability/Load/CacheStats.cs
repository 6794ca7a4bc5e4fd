using System.Net;
using System.Text.Json;

namespace OrleansCache.EndToEnd.Tests.Reliability.Load;

/// <summary>The figures of <c>GET /api/cache/stats</c> (see the contract): lookups per cache, entries cached now, database statements.</summary>
internal sealed record CacheStats(
    long ProfileHits, long ProfileMisses, long ProfileSize, long ModelHits, long ModelMisses, long ModelSize, long DatabaseReads, long DatabaseWrites)
{
    public long ProfileLookups => ProfileHits + ProfileMisses;

    public long ModelLookups => ModelHits + ModelMisses;

    public static async Task<CacheStats> ReadAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/api/cache/stats", cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/cache/stats answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        var caches = document.RootElement.GetProperty("caches").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        var database = document.RootElement.GetProperty("database");
        return new CacheStats(
            caches["profiles"].GetProperty("hits").GetInt64(),
            caches["profiles"].GetProperty("misses").GetInt64(),
            caches["profiles"].GetProperty("size").GetInt64(),
            caches["models"].GetProperty("hits").GetInt64(),
            caches["models"].GetProperty("misses").GetInt64(),
            caches["models"].GetProperty("size").GetInt64(),
            database.GetProperty("reads").GetInt64(),
            database.GetProperty("writes").GetInt64());
    }

    /// <summary>The counters' growth from <paramref name="before"/> to <paramref name="after"/> (sizes are those of <paramref name="after"/>).</summary>
    public static CacheStats operator -(CacheStats after, CacheStats before) => after with
    {
        ProfileHits = after.ProfileHits - before.ProfileHits,
        ProfileMisses = after.ProfileMisses - before.ProfileMisses,
        ModelHits = after.ModelHits - before.ModelHits,
        ModelMisses = after.ModelMisses - before.ModelMisses,
        DatabaseReads = after.DatabaseReads - before.DatabaseReads,
        DatabaseWrites = after.DatabaseWrites - before.DatabaseWrites,
    };

    public static CacheStats Subtract(CacheStats after, CacheStats before) => after - before;
}
