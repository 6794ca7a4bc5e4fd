using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansCache.Models;
using OrleansCache.Profiles;
using OrleansCache.Caching;
using OrleansCache.Statistics;

namespace OrleansCache.Api;

/// <summary>
/// The API's JSON, source-generated: snake_case, numbers only as numbers. The grains serialize a cached answer
/// through it once per load, the frontend writes its own answers through it, and the OpenAPI document describes
/// the same types.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProfileDocument))]
[JsonSerializable(typeof(ProfileDocument[]))]
[JsonSerializable(typeof(ProfileInputDocument))]
[JsonSerializable(typeof(ProfilePatchDocument))]
[JsonSerializable(typeof(ModelDocument))]
[JsonSerializable(typeof(ModelDocument[]))]
[JsonSerializable(typeof(ModelSyncDocument))]
[JsonSerializable(typeof(ModelSyncResult))]
[JsonSerializable(typeof(CacheStatsDocument))]
[JsonSerializable(typeof(CacheClearDocument))]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the API writes with: the options above, and non-ASCII text kept as UTF-8 (the answers are
    /// application/json, never embedded in HTML).
    /// </summary>
    public static ApiJsonContext Api { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.Strict,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
