using System.Collections.Immutable;
using System.Text.Json;
using OrleansCache.Models;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Models;

/// <summary>
/// Reads a whole <c>POST /api/models/sync</c> body (<see cref="ModelSyncDocument"/>) against
/// <see cref="ModelRules.SyncFields"/> and <see cref="ModelRules.ModelFields"/> before anything is written: the
/// provider, the models, each model's fields, and distinct ids. Errors are keyed by path, e.g. <c>models[3].id</c>.
/// Normalizes provider and capabilities to lower case, capabilities sorted and distinct.
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
        ImmutableArray<ModelInput>? models = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "provider":
                    provider = FieldReader.Text(property.Value, ModelRules.Provider, "provider", errors)?.ToLowerInvariant();
                    break;
                case "prune":
                    prune = FieldReader.TrueOrFalse(property.Value, ModelRules.Prune, "prune", errors) ?? false;
                    break;
                case "models":
                    models = ReadModels(property.Value, errors);
                    break;
                default:
                    errors.AddError(property.Name, "Unknown field.");
                    break;
            }
        }

        FieldReader.Require(provider is not null, ModelRules.Provider, "provider", errors);
        FieldReader.Require(models is not null, ModelRules.Models, "models", errors);
        return errors.Count == 0 ? new ModelSyncRequest(provider!, models!.Value, prune) : null;
    }

    private static ImmutableArray<ModelInput> ReadModels(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (!FieldReader.List(value, ModelRules.Models, "models", errors, out var items))
        {
            return [];
        }

        var inputs = ImmutableArray.CreateBuilder<ModelInput>(value.GetArrayLength());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in items)
        {
            var path = $"models[{index}]";
            if (ReadModel(element, path, errors) is { } model)
            {
                if (seen.Add(model.Id))
                {
                    inputs.Add(model);
                }
                else
                {
                    errors.AddError($"{path}.id", $"The id '{model.Id}' appears more than once.");
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
            if (!ModelRules.ModelFields.TryGetValue(property.Name, out var rule))
            {
                errors.AddError(field, "Unknown field.");
                continue;
            }

            // The provider is the sync's; synced_at is the server's.
            if (rule.ServerOwned)
            {
                continue;
            }

            switch (property.Name)
            {
                case "id":
                    id = FieldReader.Text(property.Value, rule, field, errors);
                    break;
                case "name":
                    name = FieldReader.Text(property.Value, rule, field, errors);
                    break;
                case "context_window":
                    contextWindow = FieldReader.WholeNumber(property.Value, rule, field, errors);
                    break;
                case "capabilities":
                    capabilities = ReadCapabilities(property.Value, field, errors);
                    break;
                case "enabled":
                    enabled = FieldReader.TrueOrFalse(property.Value, rule, field, errors) ?? true;
                    break;
            }
        }

        FieldReader.Require(id is not null, ModelRules.Id, $"{path}.id", errors);
        FieldReader.Require(name is not null, ModelRules.Name, $"{path}.name", errors);
        return errors.Count == before ? new ModelInput(id!, name!, contextWindow, capabilities, enabled) : null;
    }

    private static ImmutableArray<string> ReadCapabilities(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        var rule = ModelRules.Capabilities;
        if (value.ValueKind == JsonValueKind.Null || !FieldReader.List(value, rule, field, errors, out var items))
        {
            return [];
        }

        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var word = item.ValueKind == JsonValueKind.String ? item.GetString()?.ToLowerInvariant() : null;
            if (word is null || !rule.Matches!(word))
            {
                errors.AddError(field, rule.PatternMessage);
                return [];
            }

            words.Add(word);
        }

        return [.. words];
    }
}
