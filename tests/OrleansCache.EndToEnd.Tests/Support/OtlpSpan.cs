namespace OrleansCache.EndToEnd.Tests.Support;

/// <summary>One span as a process exported it over OTLP, with its resource's <c>service.name</c> and its scope (the ActivitySource).</summary>
internal sealed record OtlpSpan(
    string ServiceName,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    OtlpSpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public override string ToString() =>
        $"{ServiceName} {Scope} '{Name}' {Kind} trace {TraceId} span {SpanId} parent {(ParentSpanId.Length == 0 ? "-" : ParentSpanId)} " +
        $"{{{string.Join(", ", Attributes.Select(a => $"{a.Key}={a.Value}"))}}}";
}
