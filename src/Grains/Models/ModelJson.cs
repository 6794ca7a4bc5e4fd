using System.Text.Json;
using OrleansCache.Api;

namespace OrleansCache.Models;

/// <summary>Models in the API's JSON (<see cref="ModelDocument"/>), written once per cache load.</summary>
public static class ModelJson
{
    /// <summary>A JSON array of <paramref name="rows"/>.</summary>
    public static ModelListing Many(IReadOnlyList<ModelRow> rows)
    {
        var documents = new ModelDocument[rows.Count];
        for (var i = 0; i < documents.Length; i++)
        {
            documents[i] = Document(rows[i]);
        }

        return new ModelListing(JsonSerializer.SerializeToUtf8Bytes(documents, ApiJsonContext.Api.ModelDocumentArray), documents.Length);
    }

    /// <summary>One model as a JSON object, or an empty listing when there is none.</summary>
    public static ModelListing One(ModelRow? row) => row is null
        ? new ModelListing([], 0)
        : new ModelListing(JsonSerializer.SerializeToUtf8Bytes(Document(row), ApiJsonContext.Api.ModelDocument), 1);

    private static ModelDocument Document(ModelRow row) => new(
        row.Provider,
        row.Id,
        row.Name,
        row.ContextWindow,
        JsonSerializer.Deserialize(row.Capabilities, ModelJsonContext.Default.StringArray) ?? [],
        row.Enabled,
        row.SyncedAt);
}
