using System.Net;
using System.Text;
using System.Text.Json;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests;

/// <summary>
/// The silo process goes away and comes back on the same database and ports while the frontend process keeps
/// running: the frontend's Orleans client reconnects by itself, and nothing the API acknowledged is lost.
/// </summary>
public sealed class SiloRestartTests(ITestOutputHelper output)
{
    private const string Profiles = "/api/profiles";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_profile_reads_back_identical_through_the_same_frontend_after_a_graceful_silo_restart()
    {
        await using var system = new SystemUnderTest(output);
        await system.StartAsync(Cancellation);
        var frontendPid = system.Frontend.Id;

        var id = NewId();
        var (created, createdTag) = await CreateAsync(system, id);
        var (read, readTag) = await ReadAsync(system, id);
        AssertSameProfile(created, read);
        Assert.Equal(createdTag, readTag);
        Assert.Equal(0, await system.StopSiloAsync(Cancellation));

        // With no silo, the frontend answers as the contract says: 503 with Retry-After for a profile it does not
        // hold (one it holds, its own writes included, it may answer from memory until its lease runs out).
        using (var down = await system.Http.GetAsync($"{Profiles}/{NewId()}", Cancellation))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.NotNull(down.Headers.RetryAfter);
        }

        await system.StartSiloAsync(Cancellation);

        using var response = await system.GetWhenServedAsync($"{Profiles}/{id}", Cancellation);
        var (afterRestart, afterRestartTag) = await ReadBodyAsync(response, HttpStatusCode.OK);
        AssertSameProfile(created, afterRestart);
        Assert.Equal(createdTag, afterRestartTag);
        Assert.Equal(frontendPid, system.Frontend.Id);
        Assert.False(system.Frontend.HasExited);
    }

    [Fact]
    public async Task Writes_acknowledged_before_the_silo_is_killed_are_there_with_the_versions_the_client_saw()
    {
        await using var system = new SystemUnderTest(output);
        await system.StartAsync(Cancellation);

        var patchedId = NewId();
        await CreateAsync(system, patchedId);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Profiles}/{patchedId}")
        {
            Content = new StringContent("""{ "temperature": 1.5, "model": null }""", Encoding.UTF8, "application/merge-patch+json"),
        };
        using var patchResponse = await system.Http.SendAsync(patch, Cancellation);
        var (patched, _) = await ReadBodyAsync(patchResponse, HttpStatusCode.OK);
        Assert.Equal(2, patched.GetProperty("version").GetInt64());

        // The last thing the silo does is acknowledge a create; then it dies with no chance to flush anything.
        var createdId = NewId();
        var (created, _) = await CreateAsync(system, createdId);
        await system.KillSiloAsync();
        Assert.NotEqual(0, system.Silo.ExitCode);

        await system.StartSiloAsync(Cancellation);

        using var createdResponse = await system.GetWhenServedAsync($"{Profiles}/{createdId}", Cancellation);
        var (createdAfter, createdTag) = await ReadBodyAsync(createdResponse, HttpStatusCode.OK);
        AssertSameProfile(created, createdAfter);
        Assert.Equal("\"1\"", createdTag);

        // The frontend may have answered that from memory (its own write) before it reached the restarted silo again.
        using var patchedResponse = await system.GetWhenServedAsync($"{Profiles}/{patchedId}", Cancellation);
        var (patchedAfter, patchedTag) = await ReadBodyAsync(patchedResponse, HttpStatusCode.OK);
        AssertSameProfile(patched, patchedAfter);
        Assert.Equal("\"2\"", patchedTag);
    }

    private static string NewId() => "e2e_" + Guid.NewGuid().ToString("N");

    /// <summary>Creates a profile with every client-owned field set; asserts 201 and returns the answer.</summary>
    private static async Task<(JsonElement Profile, string? ETag)> CreateAsync(SystemUnderTest system, string id)
    {
        var body = $$"""
            {
              "id": "{{id}}", "name": "End-to-end profile", "model": "gpt-4o", "provider": "openai",
              "system_prompt": "You are terse.", "temperature": 0.25, "max_tokens": 4096,
              "params": { "top_p": 0.9, "stop": ["\n\n"], "nested": { "flag": true } }
            }
            """;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await system.Http.PostAsync(Profiles, content, Cancellation);
        var created = await ReadBodyAsync(response, HttpStatusCode.Created);
        Assert.Equal($"{Profiles}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(1, created.Profile.GetProperty("version").GetInt64());
        return created;
    }

    private static async Task<(JsonElement Profile, string? ETag)> ReadAsync(SystemUnderTest system, string id)
    {
        using var response = await system.Http.GetAsync($"{Profiles}/{id}", Cancellation);
        return await ReadBodyAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Asserts the status (showing the body when it differs); returns the parsed body and the ETag.</summary>
    private static async Task<(JsonElement Profile, string? ETag)> ReadBodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return (document.RootElement.Clone(), response.Headers.ETag?.ToString());
    }

    /// <summary>Same fields, same values, same version and timestamps.</summary>
    private static void AssertSameProfile(JsonElement expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"Expected {expected.GetRawText()}{Environment.NewLine}but got {actual.GetRawText()}");
}
