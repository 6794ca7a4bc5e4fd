using System.Buffers;
using System.Text;
using System.Text.Json;
using OrleansCache.Api;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// Reads one field of a JSON body against its <see cref="FieldRule"/>: the value, or null with the rule's message
/// added under <c>path</c>. A wrong JSON type is reported under its field, like any other broken rule.
/// </summary>
internal static class FieldReader
{
    /// <summary>A string (trimmed when the rule says so), or null when it is null (if allowed) or breaks the rule.</summary>
    public static string? Text(JsonElement value, FieldRule rule, string path, Dictionary<string, string[]> errors)
    {
        if (IsNull(value, rule, path, errors))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.AddError(path, rule.TypeMessage);
            return null;
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate: not text that can be stored.
            errors.AddError(path, $"{rule.Name} is not valid Unicode text.");
            return null;
        }

        return Check(rule.Trimmed ? text.Trim() : text, rule, path, errors);
    }

    /// <summary>Checks a string against the rule's length, characters and pattern: the string, or null.</summary>
    public static string? Check(string text, FieldRule rule, string path, Dictionary<string, string[]> errors)
    {
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            length++;
            if (rule.SingleLine && Rune.IsControl(rune))
            {
                errors.AddError(path, rule.SingleLineMessage);
                return null;
            }
        }

        if (length > rule.MaxLength || length < rule.MinLength)
        {
            errors.AddError(path, rule.LengthMessage);
            return null;
        }

        if (rule.Matches is { } matches && !matches(text))
        {
            errors.AddError(path, rule.PatternMessage);
            return null;
        }

        return text;
    }

    /// <summary>A finite number within the rule's range, or null.</summary>
    public static double? Number(JsonElement value, FieldRule rule, string path, Dictionary<string, string[]> errors)
    {
        if (IsNull(value, rule, path, errors))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            errors.AddError(path, rule.TypeMessage);
            return null;
        }

        return InRange(number, rule, path, errors) ? number : null;
    }

    /// <summary>A number without a fraction within the rule's range, or null.</summary>
    public static long? WholeNumber(JsonElement value, FieldRule rule, string path, Dictionary<string, string[]> errors)
    {
        if (IsNull(value, rule, path, errors))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            errors.AddError(path, rule.TypeMessage);
            return null;
        }

        return InRange(number, rule, path, errors) ? number : null;
    }

    /// <summary>true or false, or null.</summary>
    public static bool? TrueOrFalse(JsonElement value, FieldRule rule, string path, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.AddError(path, value.ValueKind == JsonValueKind.Null && !rule.Nullable ? rule.NullMessage : rule.TypeMessage);
        return null;
    }

    /// <summary>A JSON object as its compact text, at most the rule's size, or null.</summary>
    public static string? JsonObject(JsonElement value, FieldRule rule, string path, Dictionary<string, string[]> errors)
    {
        if (IsNull(value, rule, path, errors))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.AddError(path, rule.TypeMessage);
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
            errors.AddError(path, $"{rule.Name} contains a string that is not valid Unicode text.");
            return null;
        }

        if (buffer.WrittenCount > rule.MaxBytes)
        {
            errors.AddError(path, rule.MaxBytesMessage);
            return null;
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The items of an array of at most the rule's length; false (with the error added) otherwise.</summary>
    public static bool List(JsonElement value, FieldRule rule, string path, Dictionary<string, string[]> errors, out JsonElement.ArrayEnumerator items)
    {
        items = default;
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.AddError(path, value.ValueKind == JsonValueKind.Null && !rule.Nullable ? rule.NullMessage : rule.TypeMessage);
            return false;
        }

        if (value.GetArrayLength() > rule.MaxItems)
        {
            errors.AddError(path, rule.MaxItemsMessage);
            return false;
        }

        items = value.EnumerateArray();
        return true;
    }

    /// <summary>Adds the rule's "is required" under <paramref name="path"/> when the rule requires the field, it was absent, and no other error names it.</summary>
    public static void Require(bool present, FieldRule rule, string path, Dictionary<string, string[]> errors)
    {
        if (rule.Required && !present && !errors.ContainsKey(path))
        {
            errors.AddError(path, rule.RequiredMessage);
        }
    }

    private static bool IsNull(JsonElement value, FieldRule rule, string path, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.Null)
        {
            return false;
        }

        if (!rule.Nullable)
        {
            errors.AddError(path, rule.NullMessage);
        }

        return true;
    }

    private static bool InRange(double number, FieldRule rule, string path, Dictionary<string, string[]> errors)
    {
        if (rule.InRange(number))
        {
            return true;
        }

        errors.AddError(path, rule.RangeMessage);
        return false;
    }
}
