namespace OrleansCache.EndToEnd.Tests.Support;

/// <summary>OTLP's span kinds, by their numbers on the wire.</summary>
internal enum OtlpSpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
