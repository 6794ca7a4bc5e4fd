namespace OrleansCache.Api;

/// <summary>The JSON type of a field of the API.</summary>
public enum FieldType
{
    /// <summary>A JSON string.</summary>
    Text,

    /// <summary>Any JSON number.</summary>
    Number,

    /// <summary>A JSON number without a fraction.</summary>
    WholeNumber,

    /// <summary>true or false.</summary>
    TrueOrFalse,

    /// <summary>A JSON object.</summary>
    JsonObject,

    /// <summary>A JSON array.</summary>
    List,

    /// <summary>A server-owned RFC 3339 timestamp in UTC, a string.</summary>
    Timestamp,
}
