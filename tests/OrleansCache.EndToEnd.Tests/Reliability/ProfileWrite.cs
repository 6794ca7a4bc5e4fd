using System.Globalization;
using System.Text;
using System.Text.Json;
using OrleansCache.EndToEnd.Tests.Reliability.Load;

namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// One write of a profile: every client-owned field derived from <see cref="K"/>, some of them null for some
/// <c>k</c>, so that two writes of one profile differ in every field that is set, and the name carries <c>k</c>.
/// </summary>
internal sealed record ProfileWrite(
    string Id, long K, string Name, string? Model, string Provider, string SystemPrompt, double Temperature, long? MaxTokens, string? Params)
{
    public static ProfileWrite For(string id, long k) => new(
        id,
        k,
        $"{id} #{k.ToString(CultureInfo.InvariantCulture)}",
        k % 3 == 0 ? null : $"model-{k}",
        $"provider-{k}",
        $"prompt {k} " + new string('x', (int)(k % 50)) + ".",
        k % 201 / 100.0,
        k % 5 == 0 ? null : k + 1,
        k % 4 == 0 ? null : $$"""{"k":{{k}},"id":"{{id}}"}""");

    /// <summary>True when <paramref name="profile"/> (an API answer) is some write of <paramref name="id"/> whole.</summary>
    public static bool IsSomeWhole(string id, JsonElement profile)
    {
        var name = profile.GetProperty("name").GetString() ?? "";
        var prefix = $"{id} #";
        return name.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && For(id, k).Matches(profile);
    }

    /// <summary>The body of a PUT or PATCH (or, with <paramref name="withId"/>, a POST) that sets every field (null clears).</summary>
    public string ToJson(bool withId = false)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            if (withId)
            {
                json.WriteString("id", Id);
            }

            json.WriteString("name", Name);
            WriteOptional(json, "model", Model);
            json.WriteString("provider", Provider);
            json.WriteString("system_prompt", SystemPrompt);
            json.WriteNumber("temperature", Temperature);
            if (MaxTokens is { } maxTokens)
            {
                json.WriteNumber("max_tokens", maxTokens);
            }
            else
            {
                json.WriteNull("max_tokens");
            }

            json.WritePropertyName("params");
            if (Params is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteRawValue(Params);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>True when the stored row holds exactly this write's fields (the version is checked apart).</summary>
    public bool Matches(StoredProfile row) =>
        row.Id == Id && row.Name == Name && row.Model == Model && row.Provider == Provider && row.SystemPrompt == SystemPrompt
        && row.Temperature == Temperature && row.MaxTokens == MaxTokens && SameJson(row.Params, Params);

    /// <summary>True when an API answer holds exactly this write's fields.</summary>
    public bool Matches(JsonElement profile) =>
        profile.GetProperty("id").GetString() == Id
        && profile.GetProperty("name").GetString() == Name
        && Optional(profile, "model") == Model
        && Optional(profile, "provider") == Provider
        && Optional(profile, "system_prompt") == SystemPrompt
        && profile.TryGetProperty("temperature", out var t) && t.ValueKind == JsonValueKind.Number && t.GetDouble() == Temperature
        && (profile.TryGetProperty("max_tokens", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : (long?)null) == MaxTokens
        && SameJson(profile.TryGetProperty("params", out var p) && p.ValueKind != JsonValueKind.Null ? p.GetRawText() : null, Params);

    private static string? Optional(JsonElement profile, string name) =>
        profile.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool SameJson(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        using var left = JsonDocument.Parse(a);
        using var right = JsonDocument.Parse(b);
        return JsonElement.DeepEquals(left.RootElement, right.RootElement);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
