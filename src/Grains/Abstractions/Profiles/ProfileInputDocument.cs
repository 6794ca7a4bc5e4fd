using System.Text.Json.Serialization;
using OrleansCache.Api;

namespace OrleansCache.Profiles;

/// <summary>
/// The body of a create (POST, where <c>id</c> may be given) or a full replace (PUT, where an <c>id</c> must be the
/// URL's): the client-owned fields, <c>name</c> required, the others optional (absent or null leaves them unset).
/// </summary>
public record ProfileInputDocument
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Model { get; init; }

    public string? Provider { get; init; }

    public string? SystemPrompt { get; init; }

    public double? Temperature { get; init; }

    public int? MaxTokens { get; init; }

    [JsonConverter(typeof(RawJsonObjectConverter))]
    public string? Params { get; init; }
}
