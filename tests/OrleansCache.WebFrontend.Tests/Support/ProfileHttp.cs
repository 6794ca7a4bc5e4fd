using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Requests of the profile routes, and reading their JSON answers.</summary>
internal static class ProfileHttp
{
    public const string ProfilesRoute = "/api/profiles";

    public const string Json = "application/json";

    public const string MergePatch = "application/merge-patch+json";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static string Url(string id) => $"{ProfilesRoute}/{id}";

    /// <summary>A UTF-8 body with the given media type (StringContent adds <c>; charset=utf-8</c>).</summary>
    public static StringContent Body(string json, string mediaType = Json) => new(json, Encoding.UTF8, mediaType);

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, HttpContent? content = null, string? ifMatch = null, string? ifNoneMatch = null)
    {
        // Sent as written, so tests can send tags the typed headers would refuse.
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return client.SendAsync(request, Cancellation);
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, string json, string? ifMatch = null, string mediaType = Json) =>
        client.SendAsync(method, url, Body(json, mediaType), ifMatch);

    /// <summary>Creates a profile with the given id and fields (a JSON object's members, without braces); asserts 201.</summary>
    public static async Task<JsonElement> CreateProfileAsync(this HttpClient client, string id, string members = "\"name\": \"Test profile\"")
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, ProfilesRoute, $$"""{ "id": "{{id}}", {{members}} }""");
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>Reads a profile; asserts 200.</summary>
    public static async Task<JsonElement> GetProfileAsync(this HttpClient client, string id)
    {
        using var response = await client.SendAsync(HttpMethod.Get, Url(id));
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Reads the whole profile list; asserts 200.</summary>
    public static async Task<List<JsonElement>> ListProfilesAsync(this HttpClient client, string query = "")
    {
        using var response = await client.SendAsync(HttpMethod.Get, ProfilesRoute + query);
        var list = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        return [.. list.EnumerateArray()];
    }

    /// <summary>Asserts the status (showing the body when it differs) and parses the body.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public static string Id(this JsonElement profile) => profile.GetProperty("id").GetString()!;

    public static long Version(this JsonElement profile) => profile.GetProperty("version").GetInt64();

    public static string? Text(this JsonElement profile, string field) => profile.GetProperty(field).GetString();
}
