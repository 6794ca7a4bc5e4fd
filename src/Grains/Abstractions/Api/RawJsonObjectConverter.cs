using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansCache.Api;

/// <summary>
/// A JSON object kept as its compact text (a profile's <c>params</c>, as stored): written as it is, with no parse,
/// and read back as its text.
/// </summary>
public sealed class RawJsonObjectConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    // The text is what the API validated and stored in compact form: no need to check it again.
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value, skipInputValidation: true);
}
