using System.Globalization;
using Google.Protobuf;

namespace OrleansCache.EndToEnd.Tests.Support;

/// <summary>
/// Reads an OTLP <c>ExportTraceServiceRequest</c> (protobuf, as <c>POST /v1/traces</c> carries it) with protobuf's
/// wire-format reader, taking only the fields a test looks at and skipping every other: per resource its
/// <c>service.name</c>, per scope its name, per span its ids, name, kind and attributes. Field numbers are those of the
/// OpenTelemetry protocol (opentelemetry/proto/trace/v1/trace.proto, common/v1/common.proto).
/// </summary>
internal static class OtlpTraceDecoder
{
    public static List<OtlpSpan> Decode(byte[] body)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Messages(body, 1))
        {
            var serviceName = "";
            var scopes = new List<byte[]>();
            foreach (var (field, value) in LengthDelimited(resourceSpans))
            {
                switch (field)
                {
                    case 1: // Resource
                        var attributes = Attributes(value, 1);
                        serviceName = attributes.GetValueOrDefault("service.name", "");
                        break;
                    case 2: // ScopeSpans
                        scopes.Add(value);
                        break;
                }
            }

            foreach (var scopeSpans in scopes)
            {
                var scope = "";
                var raw = new List<byte[]>();
                foreach (var (field, value) in LengthDelimited(scopeSpans))
                {
                    if (field == 1)
                    {
                        scope = Messages(value, 1).Select(name => System.Text.Encoding.UTF8.GetString(name)).FirstOrDefault() ?? "";
                    }
                    else if (field == 2)
                    {
                        raw.Add(value);
                    }
                }

                spans.AddRange(raw.Select(span => Span(span, serviceName, scope)));
            }
        }

        return spans;
    }

    private static OtlpSpan Span(byte[] message, string serviceName, string scope)
    {
        string traceId = "", spanId = "", parentSpanId = "", name = "";
        var kind = OtlpSpanKind.Unspecified;
        var attributes = new Dictionary<string, string>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    traceId = Convert.ToHexStringLower(input.ReadBytes().Span);
                    break;
                case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    spanId = Convert.ToHexStringLower(input.ReadBytes().Span);
                    break;
                case 4 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    parentSpanId = Convert.ToHexStringLower(input.ReadBytes().Span);
                    break;
                case 5 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    name = input.ReadString();
                    break;
                case 6 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                    kind = (OtlpSpanKind)input.ReadEnum();
                    break;
                case 9 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    var (key, value) = KeyValue(input.ReadBytes().ToByteArray());
                    attributes[key] = value;
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new OtlpSpan(serviceName, scope, traceId, spanId, parentSpanId, name, kind, attributes);
    }

    // The KeyValue messages in field `field` of `message`, as key → value text.
    private static Dictionary<string, string> Attributes(byte[] message, int field) =>
        Messages(message, field).Select(KeyValue).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    private static (string Key, string Value) KeyValue(byte[] message)
    {
        var key = "";
        var value = "";
        foreach (var (field, bytes) in LengthDelimited(message))
        {
            if (field == 1)
            {
                key = System.Text.Encoding.UTF8.GetString(bytes);
            }
            else if (field == 2)
            {
                value = AnyValue(bytes);
            }
        }

        return (key, value);
    }

    // AnyValue: 1 string, 2 bool, 3 int64, 4 double; arrays, maps and bytes are not read.
    private static string AnyValue(byte[] message)
    {
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    return input.ReadString();
                case 2:
                    return input.ReadBool() ? "true" : "false";
                case 3:
                    return input.ReadInt64().ToString(CultureInfo.InvariantCulture);
                case 4:
                    return input.ReadDouble().ToString(CultureInfo.InvariantCulture);
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return "";
    }

    private static IEnumerable<byte[]> Messages(byte[] message, int field) =>
        LengthDelimited(message).Where(f => f.Field == field).Select(f => f.Value);

    // Every length-delimited field of `message` (sub-messages, strings, bytes); other wire types are skipped.
    private static List<(int Field, byte[] Value)> LengthDelimited(byte[] message)
    {
        var fields = new List<(int, byte[])>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                fields.Add((WireFormat.GetTagFieldNumber(tag), input.ReadBytes().ToByteArray()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return fields;
    }
}
