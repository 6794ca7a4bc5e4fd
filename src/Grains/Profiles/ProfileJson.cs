using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansCache.Profiles;

/// <summary>
/// The API's JSON form of a profile (snake_case, every field present). Written once per load or write, so a
/// cache hit sends stored bytes and serializes nothing.
/// </summary>
public static class ProfileJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The body is served as application/json, never embedded in HTML: keep non-ASCII text as UTF-8.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Serializes <paramref name="profile"/> to UTF-8 JSON.</summary>
    public static byte[] Serialize(Profile profile)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (profile.Fields.SystemPrompt?.Length ?? 0) + (profile.Fields.Params?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            var fields = profile.Fields;
            writer.WriteStartObject();
            writer.WriteString("id"u8, profile.Id);
            writer.WriteString("name"u8, fields.Name);
            writer.WriteString("model"u8, fields.Model);
            writer.WriteString("provider"u8, fields.Provider);
            writer.WriteString("system_prompt"u8, fields.SystemPrompt);
            WriteNumber(writer, "temperature"u8, fields.Temperature);
            WriteNumber(writer, "max_tokens"u8, fields.MaxTokens);
            writer.WritePropertyName("params"u8);
            if (fields.Params is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(fields.Params);
            }

            writer.WriteString("created_at"u8, profile.CreatedAt);
            writer.WriteString("updated_at"u8, profile.UpdatedAt);
            writer.WriteNumber("version"u8, profile.Version);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads back what <see cref="Serialize"/> wrote.</summary>
    public static Profile Deserialize(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var fields = new ProfileFields(
            root.GetProperty("name"u8).GetString()!,
            root.GetProperty("model"u8).GetString(),
            root.GetProperty("provider"u8).GetString(),
            root.GetProperty("system_prompt"u8).GetString(),
            root.GetProperty("temperature"u8) is { ValueKind: JsonValueKind.Number } t ? t.GetDouble() : null,
            root.GetProperty("max_tokens"u8) is { ValueKind: JsonValueKind.Number } m ? m.GetInt32() : null,
            root.GetProperty("params"u8) is { ValueKind: not JsonValueKind.Null } p ? p.GetRawText() : null);
        return new Profile(
            root.GetProperty("id"u8).GetString()!,
            fields,
            root.GetProperty("created_at"u8).GetString()!,
            root.GetProperty("updated_at"u8).GetString()!,
            root.GetProperty("version"u8).GetInt64());
    }

    private static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
