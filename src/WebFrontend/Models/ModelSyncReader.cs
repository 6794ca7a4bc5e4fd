using System.Collections.Immutable;
using System.Text.Json;
using OrleansCache.Models;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Models;

/// <summary>
/// Validates a whole <c>POST /api/models/sync</c> body before anything is written: the provider, at most
/// <see cref="ModelRules.MaxModelsPerSync"/> models, each model's fields, and distinct ids. Errors are keyed
/// by path, e.g. <c>models[3].id</c>. Normalizes provider and capabilities to lower case, sorted and distinct.
/// </summary>
internal static class ModelSyncReader
{
    public static ModelSyncRequest? Read(JsonElement root, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = ["The body must be a JSON object."];
            return null;
        }

        string? provider = null;
        var prune = false;
        JsonElement? models = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "provider":
                    provider = ReadKey(property.Value, "provider", errors)?.ToLowerInvariant();
                    break;
                case "prune":
                    prune = ReadBoolean(property.Value, "prune", errors) ?? false;
                    break;
                case "models":
                    models = property.Value;
                    break;
                default:
                    errors.AddError(property.Name, "Unknown field.");
                    break;
            }
        }

        if (provider is null && !errors.ContainsKey("provider"))
        {
            errors.AddError("provider", "The provider is required.");
        }

        var inputs = ReadModels(models, errors);
        return errors.Count == 0 ? new ModelSyncRequest(provider!, inputs, prune) : null;
    }

    private static ImmutableArray<ModelInput> ReadModels(JsonElement? models, Dictionary<string, string[]> errors)
    {
        if (models is not { ValueKind: JsonValueKind.Array } array)
        {
            errors.AddError("models", "models must be an array.");
            return [];
        }

        var count = array.GetArrayLength();
        if (count > ModelRules.MaxModelsPerSync)
        {
            errors.AddError("models", $"At most {ModelRules.MaxModelsPerSync} models are allowed in one sync (got {count}).");
            return [];
        }

        var inputs = ImmutableArray.CreateBuilder<ModelInput>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var model = ReadModel(element, $"models[{index}]", errors);
            if (model is not null)
            {
                if (seen.Add(model.Id))
                {
                    inputs.Add(model);
                }
                else
                {
                    errors.AddError($"models[{index}].id", $"The id '{model.Id}' appears more than once.");
                }
            }

            index++;
        }

        return inputs.DrainToImmutable();
    }

    private static ModelInput? ReadModel(JsonElement element, string path, Dictionary<string, string[]> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.AddError(path, "A model must be a JSON object.");
            return null;
        }

        var before = errors.Count;
        string? id = null, name = null;
        long? contextWindow = null;
        var capabilities = ImmutableArray<string>.Empty;
        var enabled = true;
        foreach (var property in element.EnumerateObject())
        {
            var field = $"{path}.{property.Name}";
            switch (property.Name)
            {
                case "id":
                    id = ReadKey(property.Value, field, errors);
                    break;
                case "name":
                    name = ReadName(property.Value, field, errors);
                    break;
                case "context_window":
                    contextWindow = ReadContextWindow(property.Value, field, errors);
                    break;
                case "capabilities":
                    capabilities = ReadCapabilities(property.Value, field, errors);
                    break;
                case "enabled":
                    enabled = ReadBoolean(property.Value, field, errors) ?? true;
                    break;
                case "provider" or "synced_at":
                    // The provider is the sync's; synced_at is the server's.
                    break;
                default:
                    errors.AddError(field, "Unknown field.");
                    break;
            }
        }

        if (id is null && !errors.ContainsKey($"{path}.id"))
        {
            errors.AddError($"{path}.id", "The id is required.");
        }

        if (name is null && !errors.ContainsKey($"{path}.name"))
        {
            errors.AddError($"{path}.name", "The name is required.");
        }

        return errors.Count == before ? new ModelInput(id!, name!, contextWindow, capabilities, enabled) : null;
    }

    private static string? ReadKey(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.AddError(field, "A string is expected.");
            return null;
        }

        var key = value.GetString();
        if (!ModelRules.IsValidKey(key))
        {
            errors.AddError(field, "Must match [A-Za-z0-9._:/-]{1,200}.");
            return null;
        }

        return key;
    }

    private static string? ReadName(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        string? name;
        try
        {
            name = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
        }
        catch (InvalidOperationException)
        {
            name = null;
        }

        if (name is null || name.Length == 0 || name.EnumerateRunes().Count() > ModelRules.NameMaxLength || name.Any(char.IsControl))
        {
            errors.AddError(field, "The name must be a string of 1 to 200 characters without control characters.");
            return null;
        }

        return name;
    }

    private static long? ReadContextWindow(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var contextWindow) || contextWindow < 1)
        {
            errors.AddError(field, "context_window must be a positive integer or null.");
            return null;
        }

        return contextWindow;
    }

    private static ImmutableArray<string> ReadCapabilities(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > ModelRules.MaxCapabilities)
        {
            errors.AddError(field, $"capabilities must be an array of at most {ModelRules.MaxCapabilities} words.");
            return [];
        }

        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            var word = item.ValueKind == JsonValueKind.String ? item.GetString()?.ToLowerInvariant() : null;
            if (!ModelRules.IsValidCapability(word))
            {
                errors.AddError(field, "Each capability must be a word of letters, digits, '_', '.' or '-' (at most 64).");
                return [];
            }

            words.Add(word!);
        }

        return [.. words];
    }

    private static bool? ReadBoolean(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.AddError(field, "true or false is expected.");
        return null;
    }
}
