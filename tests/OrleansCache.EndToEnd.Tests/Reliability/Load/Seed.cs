using System.Net;
using System.Text;

namespace OrleansCache.EndToEnd.Tests.Reliability.Load;

/// <summary>Puts known data in through the API before a load runs.</summary>
internal static class Seed
{
    /// <summary>Creates <paramref name="count"/> profiles named <c>{prefix}{i}</c>; returns their ids.</summary>
    public static async Task<string[]> ProfilesAsync(HttpClient client, string prefix, int count, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}{i}").ToArray();
        foreach (var id in ids)
        {
            using var content = new StringContent(
                $$"""{ "id": "{{id}}", "name": "Seeded {{id}}", "model": "gpt-4o", "provider": "openai", "temperature": 0.5 }""",
                Encoding.UTF8,
                "application/json");
            using var response = await client.PostAsync("/api/profiles", content, cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return ids;
    }

    /// <summary>Syncs <paramref name="count"/> models <c>m-{i}</c> of <paramref name="provider"/>, with a few capabilities each.</summary>
    public static async Task ModelsAsync(HttpClient client, string provider, int count, CancellationToken cancellationToken)
    {
        string[] capabilities = ["chat", "tools", "vision", "audio", "embeddings"];
        var models = Enumerable.Range(0, count).Select(i =>
            $$"""
            { "id": "m-{{i}}", "name": "Model {{i}} of {{provider}}", "context_window": {{8192 * (1 + i % 16)}},
              "capabilities": [{{string.Join(", ", capabilities.Where((_, c) => (i >> c & 1) == 1 || c == 0).Select(c => $"\"{c}\""))}}],
              "enabled": {{(i % 7 == 0 ? "false" : "true")}} }
            """);
        using var content = new StringContent(
            $$"""{ "provider": "{{provider}}", "models": [{{string.Join(",", models)}}], "prune": false }""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/models/sync", content, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sync {provider}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }
}
