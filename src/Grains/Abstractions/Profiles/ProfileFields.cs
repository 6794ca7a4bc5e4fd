namespace OrleansCache.Profiles;

/// <summary>
/// The client-owned fields of a profile, already validated by the frontend (<see cref="ProfileRules"/>).
/// <see cref="Params"/> is a compact JSON object text, or null.
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.ProfileFields")]
public sealed record ProfileFields(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Model,
    [property: Id(2)] string? Provider,
    [property: Id(3)] string? SystemPrompt,
    [property: Id(4)] double? Temperature,
    [property: Id(5)] int? MaxTokens,
    [property: Id(6)] string? Params);
