using System.Buffers;
using System.Text;
using System.Text.Json;
using OrleansCache.Profiles;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Profiles;

/// <summary>
/// Validates a profile body field by field against the contract's rules, collecting every error under its
/// snake_case field name. Hand-written rather than attribute-based because a merge patch needs to tell an absent
/// field from a null one, and because wrong JSON types must be reported per field rather than as one parse error.
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
        int? maxTokens = null;
        var present = ProfileFieldMask.None;

        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "id":
                    id = ReadId(value, kind, routeId, errors);
                    break;
                case "name":
                    present |= ProfileFieldMask.Name;
                    name = ReadName(value, errors);
                    break;
                case "model":
                    present |= ProfileFieldMask.Model;
                    model = ReadText(value, "model", ProfileRules.ModelMaxLength, singleLine: true, errors);
                    break;
                case "provider":
                    present |= ProfileFieldMask.Provider;
                    provider = ReadText(value, "provider", ProfileRules.ProviderMaxLength, singleLine: true, errors);
                    break;
                case "system_prompt":
                    present |= ProfileFieldMask.SystemPrompt;
                    systemPrompt = ReadText(value, "system_prompt", ProfileRules.SystemPromptMaxLength, singleLine: false, errors);
                    break;
                case "temperature":
                    present |= ProfileFieldMask.Temperature;
                    temperature = ReadTemperature(value, errors);
                    break;
                case "max_tokens":
                    present |= ProfileFieldMask.MaxTokens;
                    maxTokens = ReadMaxTokens(value, errors);
                    break;
                case "params":
                    present |= ProfileFieldMask.Params;
                    parameters = ReadParams(value, errors);
                    break;
                case "created_at" or "updated_at" or "version":
                    // Server-owned: a client may send back what it read; the server decides these.
                    break;
                default:
                    errors.AddError(property.Name, "Unknown field.");
                    break;
            }
        }

        if (kind != ProfileRequestKind.Patch && (present & ProfileFieldMask.Name) == 0)
        {
            errors.AddError("name", "The name is required.");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new ProfileRequest(id, new ProfileFields(name ?? string.Empty, model, provider, systemPrompt, temperature, maxTokens, parameters), present);
    }

    private static string? ReadId(JsonElement value, ProfileRequestKind kind, string? routeId, Dictionary<string, string[]> errors)
    {
        if (kind == ProfileRequestKind.Create && value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (!TryGetString(value, "id", errors, out var id))
        {
            return null;
        }

        if (!ProfileRules.IsValidId(id))
        {
            errors.AddError("id", "The id must match [A-Za-z0-9_-]{1,64}.");
        }
        else if (kind != ProfileRequestKind.Create && !string.Equals(id, routeId, StringComparison.Ordinal))
        {
            errors.AddError("id", "The id in the body must be the id in the URL; an id cannot be changed.");
        }

        return id;
    }

    private static string? ReadName(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            errors.AddError("name", "The name is required and cannot be null.");
            return null;
        }

        // The contract counts the name's characters after trimming, so trim before checking its length.
        var name = ReadText(value, "name", ProfileRules.NameMaxLength, singleLine: true, errors, trim: true);
        if (name is { Length: 0 })
        {
            errors.AddError("name", "The name must have 1 to 200 characters after trimming.");
        }

        return name;
    }

    private static string? ReadText(JsonElement value, string field, int maxLength, bool singleLine, Dictionary<string, string[]> errors, bool trim = false)
    {
        if (value.ValueKind == JsonValueKind.Null || !TryGetString(value, field, errors, out var text))
        {
            return null;
        }

        if (trim)
        {
            text = text.Trim();
        }

        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            length++;
            if (singleLine && Rune.IsControl(rune))
            {
                errors.AddError(field, "Control characters are not allowed.");
                return null;
            }
        }

        if (length > maxLength)
        {
            errors.AddError(field, $"At most {maxLength} characters are allowed.");
            return null;
        }

        return text;
    }

    private static double? ReadTemperature(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var temperature) || !double.IsFinite(temperature))
        {
            errors.AddError("temperature", "The temperature must be a number.");
            return null;
        }

        if (temperature is < ProfileRules.TemperatureMin or > ProfileRules.TemperatureMax)
        {
            errors.AddError("temperature", "The temperature must be between 0 and 2.");
            return null;
        }

        return temperature;
    }

    private static int? ReadMaxTokens(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var maxTokens))
        {
            errors.AddError("max_tokens", "max_tokens must be an integer.");
            return null;
        }

        if (maxTokens is < ProfileRules.MaxTokensMin or > ProfileRules.MaxTokensMax)
        {
            errors.AddError("max_tokens", "max_tokens must be between 1 and 10000000.");
            return null;
        }

        return (int)maxTokens;
    }

    private static string? ReadParams(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.AddError("params", "params must be a JSON object.");
            return null;
        }

        // Store the object compactly; the limit applies to that serialized form.
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using var writer = new Utf8JsonWriter(buffer);
            value.WriteTo(writer);
        }
        catch (InvalidOperationException)
        {
            // A string escapes a lone surrogate: not text that can be stored or served back.
            errors.AddError("params", "params contains a string that is not valid Unicode text.");
            return null;
        }

        if (buffer.WrittenCount > ProfileRules.ParamsMaxBytes)
        {
            errors.AddError("params", "params must be at most 64 KiB when serialized.");
            return null;
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryGetString(JsonElement value, string field, Dictionary<string, string[]> errors, out string text)
    {
        text = string.Empty;
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.AddError(field, "A string is expected.");
            return false;
        }

        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: not text that can be stored.
            errors.AddError(field, "The string is not valid Unicode text.");
            return false;
        }
    }
}
