using System.Text.Json;
using OrleansCache.Profiles;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Profiles;

/// <summary>
/// Reads a profile body (<see cref="ProfileInputDocument"/>, or <see cref="ProfilePatchDocument"/> for a merge patch)
/// field by field against <see cref="ProfileRules.Fields"/>, collecting every error under its snake_case field name.
/// Read from the parsed document rather than deserialized, because a merge patch must tell an absent field from a
/// null one, and a wrong JSON type must be reported under its field rather than as one parse error.
/// </summary>
internal static class ProfileRequestReader
{
    public static ProfileRequest? Read(JsonElement root, ProfileRequestKind kind, string? routeId, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = ["The body must be a JSON object."];
            return null;
        }

        string? id = null, name = null, model = null, provider = null, systemPrompt = null, parameters = null;
        double? temperature = null;
        long? maxTokens = null;
        var present = ProfileFieldMask.None;

        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (!ProfileRules.Fields.TryGetValue(property.Name, out var rule))
            {
                errors.AddError(property.Name, "Unknown field.");
                continue;
            }

            // Server-owned fields: a client may send back what it read; the server decides these.
            if (rule.ServerOwned)
            {
                continue;
            }

            switch (property.Name)
            {
                case "id":
                    id = ReadId(value, kind, routeId, errors);
                    break;
                case "name":
                    present |= ProfileFieldMask.Name;
                    name = FieldReader.Text(value, rule, rule.Name, errors);
                    break;
                case "model":
                    present |= ProfileFieldMask.Model;
                    model = FieldReader.Text(value, rule, rule.Name, errors);
                    break;
                case "provider":
                    present |= ProfileFieldMask.Provider;
                    provider = FieldReader.Text(value, rule, rule.Name, errors);
                    break;
                case "system_prompt":
                    present |= ProfileFieldMask.SystemPrompt;
                    systemPrompt = FieldReader.Text(value, rule, rule.Name, errors);
                    break;
                case "temperature":
                    present |= ProfileFieldMask.Temperature;
                    temperature = FieldReader.Number(value, rule, rule.Name, errors);
                    break;
                case "max_tokens":
                    present |= ProfileFieldMask.MaxTokens;
                    maxTokens = FieldReader.WholeNumber(value, rule, rule.Name, errors);
                    break;
                case "params":
                    present |= ProfileFieldMask.Params;
                    parameters = FieldReader.JsonObject(value, rule, rule.Name, errors);
                    break;
            }
        }

        if (kind != ProfileRequestKind.Patch)
        {
            FieldReader.Require((present & ProfileFieldMask.Name) != 0, ProfileRules.Name, ProfileRules.Name.Name, errors);
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new ProfileRequest(
            id, new ProfileFields(name ?? string.Empty, model, provider, systemPrompt, temperature, (int?)maxTokens, parameters), present);
    }

    private static string? ReadId(JsonElement value, ProfileRequestKind kind, string? routeId, Dictionary<string, string[]> errors)
    {
        // A create may send "id": null for "assign one".
        if (kind == ProfileRequestKind.Create && value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var id = FieldReader.Text(value, ProfileRules.Id, "id", errors);
        if (id is not null && kind != ProfileRequestKind.Create && !string.Equals(id, routeId, StringComparison.Ordinal))
        {
            errors.AddError("id", "The id in the body must be the id in the URL; an id cannot be changed.");
        }

        return id;
    }
}
