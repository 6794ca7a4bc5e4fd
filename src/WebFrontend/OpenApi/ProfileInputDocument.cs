using System.Text.Json;

namespace OrleansCache.WebFrontend.OpenApi;

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
