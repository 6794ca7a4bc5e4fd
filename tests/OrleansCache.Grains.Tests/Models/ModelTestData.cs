using System.Text.Json;
using OrleansCache.Models;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Models;

/// <summary>Providers, models, JSON and direct database access shared by the model catalog tests.</summary>
internal static class ModelTestData
{
    /// <summary>A provider no other test uses, so a test only ever sees the models it synced.</summary>
    public static string NewProvider() => "p" + Guid.NewGuid().ToString("N");

    public static ModelInput Model(string id, string name, string[]? capabilities = null, bool enabled = true, long? contextWindow = 8192) =>
        new(id, name, contextWindow, [.. capabilities ?? []], enabled);

    public static IModelCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key);

    public static Task<ModelSyncResult> SyncAsync(IGrainFactory grains, string provider, bool prune, params ModelInput[] models) =>
        Catalog(grains).SyncAsync(new ModelSyncRequest(provider, [.. models], prune));

    /// <summary>The models of a list answer.</summary>
    public static JsonElement[] Items(ModelListing listing)
    {
        var root = JsonSerializer.Deserialize<JsonElement>(listing.Json);
        Assert.Equal(JsonValueKind.Array, root.ValueKind);
        var items = root.EnumerateArray().ToArray();
        Assert.Equal(listing.Count, items.Length);
        return items;
    }

    /// <summary>The model of a single-model answer.</summary>
    public static JsonElement Single(ModelListing listing)
    {
        Assert.Equal(1, listing.Count);
        var root = JsonSerializer.Deserialize<JsonElement>(listing.Json);
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        return root;
    }

    /// <summary>(provider, id) of every model of a list answer, in the order given.</summary>
    public static (string Provider, string Id)[] Keys(ModelListing listing) =>
        [.. Items(listing).Select(m => (Text(m, "provider"), Text(m, "id")))];

    /// <summary>The names of a list answer, in the order given.</summary>
    public static string[] Names(ModelListing listing) => [.. Items(listing).Select(m => Text(m, "name"))];

    public static string Text(JsonElement model, string property) => model.GetProperty(property).GetString()!;

    public static string[] Capabilities(JsonElement model) =>
        [.. model.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()!)];

    /// <summary>
    /// Every stored row of <paramref name="provider"/>, in <c>models</c> and <c>model_capabilities</c>, as text in key
    /// order, read directly from the file: two dumps are equal exactly when the provider's rows are.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DumpAsync(TestDatabase database, string provider)
    {
        await using var connection = await database.OpenAsync();
        var rows = new List<string>();
        foreach (var sql in new[]
                 {
                     """
                     SELECT 'model', id, name, coalesce(CAST(context_window AS TEXT), 'null'), capabilities, enabled, synced_at
                     FROM models WHERE provider = @provider ORDER BY id;
                     """,
                     "SELECT 'capability', id, capability FROM model_capabilities WHERE provider = @provider ORDER BY id, capability;",
                 })
        {
            await using var command = TestDatabase.Command(connection, sql, ("@provider", provider));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        return rows;
    }
}
