using System.Net;
using System.Text.Json;

namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Requests of the model routes, and reading their JSON answers.</summary>
internal static class ModelHttp
{
    public const string ModelsRoute = "/api/models";

    public const string SyncRoute = "/api/models/sync";

    public static string Url(string provider, string id) => $"{ModelsRoute}/{provider}/{id}";

    /// <summary>
    /// Syncs <paramref name="models"/> (a JSON array's items, without brackets) for <paramref name="provider"/>;
    /// asserts 200 and returns the sync's answer.
    /// </summary>
    public static async Task<JsonElement> SyncModelsAsync(this HttpClient client, string provider, string models, bool prune = false)
    {
        using var response = await client.SendJsonAsync(
            HttpMethod.Post, SyncRoute, $$"""{ "provider": "{{provider}}", "models": [ {{models}} ], "prune": {{(prune ? "true" : "false")}} }""");
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Reads <c>GET /api/models</c> with <paramref name="query"/> (empty, or starting with <c>?</c>); asserts 200.</summary>
    public static async Task<List<JsonElement>> ListModelsAsync(this HttpClient client, string query = "")
    {
        using var response = await client.SendAsync(HttpMethod.Get, ModelsRoute + query);
        var list = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        return [.. list.EnumerateArray()];
    }

    /// <summary>Reads one model; asserts 200.</summary>
    public static async Task<JsonElement> GetModelAsync(this HttpClient client, string provider, string id)
    {
        using var response = await client.SendAsync(HttpMethod.Get, Url(provider, id));
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The (provider, id) key of a listed model, as <c>provider/id</c>.</summary>
    public static string Key(this JsonElement model) => $"{model.GetProperty("provider").GetString()}/{model.GetProperty("id").GetString()}";

    /// <summary>A sync answer's counts: inserted, updated, unchanged, removed.</summary>
    public static (int Inserted, int Updated, int Unchanged, int Removed) Counts(this JsonElement sync) => (
        sync.GetProperty("inserted").GetInt32(),
        sync.GetProperty("updated").GetInt32(),
        sync.GetProperty("unchanged").GetInt32(),
        sync.GetProperty("removed").GetInt32());
}
