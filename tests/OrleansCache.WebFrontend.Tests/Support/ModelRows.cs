using OrleansCache.Testing;

namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Reads and writes rows of the <c>models</c> table directly, behind the API's back.</summary>
internal static class ModelRows
{
    /// <summary>Every row of the provider (and its capability rows) as one JSON text, to compare before and after.</summary>
    public static async Task<string> ReadModelsAsync(this TestDatabase database, string provider) =>
        (string?)await database.ScalarAsync(
            TestDatabase.Sql(
                sqlite: """
                    SELECT json_array(
                        (SELECT json_group_array(json_array(provider, id, name, context_window, capabilities, enabled, synced_at))
                         FROM (SELECT * FROM models WHERE provider = @provider ORDER BY id)),
                        (SELECT json_group_array(json_array(capability, id))
                         FROM (SELECT * FROM model_capabilities WHERE provider = @provider ORDER BY capability, id)));
                    """,
                postgres: """
                    SELECT json_build_array(
                        (SELECT json_agg(json_build_array(provider, id, name, context_window, capabilities, enabled, synced_at) ORDER BY id)
                         FROM models WHERE provider = @provider),
                        (SELECT json_agg(json_build_array(capability, id) ORDER BY capability, id)
                         FROM model_capabilities WHERE provider = @provider))::text;
                    """),
            ("@provider", provider)) ?? "";

    /// <summary>Renames a model in the database; asserts the row exists.</summary>
    public static async Task RenameModelAsync(this TestDatabase database, string provider, string id, string name)
    {
        var changed = await database.ExecuteAsync(
            "UPDATE models SET name = @name WHERE provider = @provider AND id = @id;",
            ("@provider", provider),
            ("@id", id),
            ("@name", name));
        Assert.Equal(1, changed);
    }
}
