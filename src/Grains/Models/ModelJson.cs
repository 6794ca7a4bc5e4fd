using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansCache.Models;

/// <summary>The API's JSON form of models, written once per cache load.</summary>
public static class ModelJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON array of <paramref name="rows"/>.</summary>
    public static ModelListing Many(IReadOnlyList<ModelRow> rows)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + rows.Count * 160);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                Write(writer, row);
            }

            writer.WriteEndArray();
        }

        return new ModelListing(buffer.WrittenSpan.ToArray(), rows.Count);
    }

    /// <summary>One model as a JSON object, or an empty listing when there is none.</summary>
    public static ModelListing One(ModelRow? row)
    {
        if (row is null)
        {
            return new ModelListing([], 0);
        }

        var buffer = new ArrayBufferWriter<byte>(192);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, row);
        }

        return new ModelListing(buffer.WrittenSpan.ToArray(), 1);
    }

    private static void Write(Utf8JsonWriter writer, ModelRow row)
    {
        writer.WriteStartObject();
        writer.WriteString("provider"u8, row.Provider);
        writer.WriteString("id"u8, row.Id);
        writer.WriteString("name"u8, row.Name);
        if (row.ContextWindow is { } contextWindow)
        {
            writer.WriteNumber("context_window"u8, contextWindow);
        }
        else
        {
            writer.WriteNull("context_window"u8);
        }

        writer.WritePropertyName("capabilities"u8);
        writer.WriteRawValue(row.Capabilities);
        writer.WriteBoolean("enabled"u8, row.Enabled);
        writer.WriteString("synced_at"u8, row.SyncedAt);
        writer.WriteEndObject();
    }
}
