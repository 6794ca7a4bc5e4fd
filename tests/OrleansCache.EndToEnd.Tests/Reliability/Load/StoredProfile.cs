namespace OrleansCache.EndToEnd.Tests.Reliability.Load;

/// <summary>A row of the <c>profiles</c> table, every column, as stored.</summary>
internal sealed record StoredProfile(
    string Id, string Name, string? Model, string? Provider, string? SystemPrompt, double? Temperature, long? MaxTokens, string? Params, long Version);
