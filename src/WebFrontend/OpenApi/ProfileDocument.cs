using System.Text.Json;

namespace OrleansCache.WebFrontend.OpenApi;

// The shapes of the bodies the API reads and writes (the *Document records of this folder), for the OpenAPI
// document only: the handlers validate bodies field by field and write the JSON the grains serialized, so these
// types are never (de)serialized.

/// <summary>A profile as the API shows it.</summary>
internal sealed record ProfileDocument(
    string Id,
    string Name,
    string? Model,
    string? Provider,
    string? SystemPrompt,
    double? Temperature,
    int? MaxTokens,
    JsonElement? Params,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);
