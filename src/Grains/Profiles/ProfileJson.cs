using System.Text.Json;
using OrleansCache.Api;

namespace OrleansCache.Profiles;

/// <summary>
/// A profile in the API's JSON (<see cref="ProfileDocument"/>). Written once per load or write, so a cache hit sends
/// stored bytes and serializes nothing.
/// </summary>
public static class ProfileJson
{
    /// <summary>Serializes <paramref name="profile"/> to UTF-8 JSON.</summary>
    public static byte[] Serialize(Profile profile)
    {
        var fields = profile.Fields;
        return JsonSerializer.SerializeToUtf8Bytes(
            new ProfileDocument(
                profile.Id, fields.Name, fields.Model, fields.Provider, fields.SystemPrompt, fields.Temperature, fields.MaxTokens, fields.Params,
                profile.CreatedAt, profile.UpdatedAt, profile.Version),
            ApiJsonContext.Api.ProfileDocument);
    }

    /// <summary>Reads back what <see cref="Serialize"/> wrote.</summary>
    public static Profile Deserialize(ReadOnlySpan<byte> json)
    {
        var document = JsonSerializer.Deserialize(json, ApiJsonContext.Api.ProfileDocument)
            ?? throw new JsonException("A stored profile is null.");
        return new Profile(document.Id, document.Fields, document.CreatedAt, document.UpdatedAt, document.Version);
    }
}
