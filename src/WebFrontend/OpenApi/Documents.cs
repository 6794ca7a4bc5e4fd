using System.Text.Json;

namespace OrleansCache.WebFrontend.OpenApi;

// The shapes of the bodies the API reads and writes, for the OpenAPI document only: the handlers validate
// bodies field by field and write the JSON the grains serialized, so these types are never (de)serialized.

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

/// <summary>
/// The client-owned fields of a profile (POST, PUT; any subset for PATCH). <c>id</c> only on POST, optional.
/// Rules: name 1-200 characters after trimming; model, provider at most 200; system_prompt at most 100,000;
/// temperature 0-2; max_tokens 1-10,000,000; params a JSON object of at most 64 KiB.
/// </summary>
internal sealed record ProfileInputDocument(
    string? Id,
    string Name,
    string? Model,
    string? Provider,
    string? SystemPrompt,
    double? Temperature,
    int? MaxTokens,
    JsonElement? Params);

/// <summary>A model of the catalog.</summary>
internal sealed record ModelDocument(
    string Provider,
    string Id,
    string Name,
    long? ContextWindow,
    IReadOnlyList<string> Capabilities,
    bool Enabled,
    DateTimeOffset SyncedAt);

/// <summary>One model of a sync: id and name required; capabilities lower-case words; enabled defaults to true.</summary>
internal sealed record ModelInputDocument(string Id, string Name, long? ContextWindow, IReadOnlyList<string>? Capabilities, bool? Enabled);

/// <summary>A sync: at most 10,000 models of one provider; prune deletes the provider's models not listed.</summary>
internal sealed record ModelSyncDocument(string Provider, IReadOnlyList<ModelInputDocument> Models, bool? Prune);
