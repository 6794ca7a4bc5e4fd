using System.Text.Json.Serialization;
using OrleansCache.Api;

namespace OrleansCache.Profiles;

/// <summary>
/// A profile as the API shows it, every field present. The grain serializes it once per load or write;
/// a cache hit sends those bytes. <c>params</c> is a JSON object kept as its compact
/// text; timestamps are RFC 3339 in UTC with milliseconds.
/// </summary>
public sealed record ProfileDocument(
    string Id,
    string Name,
    string? Model,
    string? Provider,
    string? SystemPrompt,
    double? Temperature,
    int? MaxTokens,
    [property: JsonConverter(typeof(RawJsonObjectConverter))] string? Params,
    string CreatedAt,
    string UpdatedAt,
    long Version)
{
    /// <summary>The client-owned fields.</summary>
    [JsonIgnore]
    public ProfileFields Fields => new(Name, Model, Provider, SystemPrompt, Temperature, MaxTokens, Params);
}
