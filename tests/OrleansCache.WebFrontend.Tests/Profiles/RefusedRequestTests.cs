using System.Net;
using System.Text;
using System.Text.Json;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Profiles;

/// <summary>
/// A refused request changes nothing: not the row (read directly from the database), not the version any
/// frontend serves, not the cached list, and it sends no write statement.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class RefusedRequestTests(FrontendFixture fixture)
{
    /// <summary>A refused write to an existing profile: its method, its body (given the profile's id), its If-Match, its answer.</summary>
    private sealed record Refusal(string Method, Func<string, HttpContent?> Body, string? IfMatch, HttpStatusCode Status);

    private static readonly Dictionary<string, Refusal> Refusals = new()
    {
        ["PUT with a temperature out of range"] = Put("""{ "name": "x", "temperature": 2.5 }""", HttpStatusCode.BadRequest),
        ["PUT with a temperature of the wrong type"] = Put("""{ "name": "x", "temperature": "warm" }""", HttpStatusCode.BadRequest),
        ["PUT with an unknown field"] = Put("""{ "name": "x", "colour": "red" }""", HttpStatusCode.BadRequest),
        ["PUT without a name"] = Put("""{ "model": "gpt-4o" }""", HttpStatusCode.BadRequest),
        ["PUT with a name too long"] = Put($$"""{ "name": "{{new string('n', 201)}}" }""", HttpStatusCode.BadRequest),
        ["PUT with params over 64 KiB"] = Put($$"""{ "name": "x", "params": { "k": "{{new string('v', 65 * 1024)}}" } }""", HttpStatusCode.BadRequest),
        ["PUT with a lone surrogate"] = Put("""{ "name": "\ud800" }""", HttpStatusCode.BadRequest),
        ["PUT with malformed JSON"] = Put("""{ "name": "x" """, HttpStatusCode.BadRequest),
        ["PUT with a duplicate field"] = Put("""{ "name": "x", "name": "y" }""", HttpStatusCode.BadRequest),
        ["PUT with another id in the body"] = new("PUT", id => Body($$"""{ "id": "{{id}}x", "name": "Moved" }"""), null, HttpStatusCode.BadRequest),
        ["PATCH clearing the name"] = Patch("""{ "name": null }""", HttpStatusCode.BadRequest),
        ["PATCH with max_tokens not an integer"] = Patch("""{ "max_tokens": 10.5 }""", HttpStatusCode.BadRequest),
        ["PATCH with max_tokens out of range"] = Patch("""{ "max_tokens": 10000001 }""", HttpStatusCode.BadRequest),
        ["PATCH with params not an object"] = Patch("""{ "params": [1] }""", HttpStatusCode.BadRequest),
        ["PATCH with params nested too deep"] = Patch(
            $$"""{ "params": {{string.Concat(Enumerable.Repeat("{\"a\":", 100))}}1{{new string('}', 100)}} }""", HttpStatusCode.BadRequest),
        ["PATCH with one valid and one invalid field"] = Patch("""{ "model": "changed", "temperature": -1 }""", HttpStatusCode.BadRequest),
        ["PUT with a stale If-Match"] = new("PUT", _ => Body("""{ "name": "Stale" }"""), "\"1\"", HttpStatusCode.PreconditionFailed),
        ["PUT with a weak If-Match"] = new("PUT", _ => Body("""{ "name": "Weak" }"""), "W/\"2\"", HttpStatusCode.PreconditionFailed),
        ["PATCH with a stale If-Match"] = new("PATCH", _ => Body("""{ "name": "Stale" }""", MergePatch), "\"1\"", HttpStatusCode.PreconditionFailed),
        ["DELETE with a stale If-Match"] = new("DELETE", _ => null, "\"1\"", HttpStatusCode.PreconditionFailed),
        ["DELETE with a future If-Match"] = new("DELETE", _ => null, "\"3\"", HttpStatusCode.PreconditionFailed),
        ["PUT with a malformed If-Match"] = new("PUT", _ => Body("""{ "name": "x" }"""), "2", HttpStatusCode.BadRequest),
        ["DELETE with a malformed If-Match"] = new("DELETE", _ => null, "\"2", HttpStatusCode.BadRequest),
        ["PUT over 1 MiB with a Content-Length"] = new("PUT", _ => Bodies.Raw(Bodies.Padded(Bodies.MaxBytes + 1)), null, HttpStatusCode.RequestEntityTooLarge),
        ["PATCH over 1 MiB chunked"] = new("PATCH", _ => new ChunkedContent(Bodies.Padded(Bodies.MaxBytes + 1), MergePatch), null, HttpStatusCode.RequestEntityTooLarge),
        ["PUT as text/plain"] = new("PUT", _ => Bodies.Utf8("""{ "name": "x" }""", "text/plain"), null, HttpStatusCode.UnsupportedMediaType),
        ["PATCH without a content type"] = new("PATCH", _ => Bodies.Utf8("""{ "name": "x" }""", null), null, HttpStatusCode.UnsupportedMediaType),
        ["PUT in UTF-16"] = new("PUT", _ => new StringContent("""{ "name": "x" }""", Encoding.Unicode, Json), null, HttpStatusCode.UnsupportedMediaType),
        ["POST with the existing id"] = new("POST", id => Body($$"""{ "id": "{{id}}", "name": "Usurper" }"""), null, HttpStatusCode.Conflict),
        ["POST with the existing id and an invalid field"] = new("POST", id => Body($$"""{ "id": "{{id}}", "name": "" }"""), null, HttpStatusCode.BadRequest),
    };

    public static TheoryData<string> RefusedWrites => [.. Refusals.Keys];

    [Theory]
    [MemberData(nameof(RefusedWrites))]
    public async Task A_refused_write_leaves_the_row_the_version_and_the_caches_unchanged(string refused)
    {
        var refusal = Refusals[refused];
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id, """ "name": "Kept", "model": "gpt-4o", "temperature": 0.5, "params": { "top_p": 0.9 } """);
        using (var patch = await fixture.A.SendJsonAsync(HttpMethod.Patch, Url(id), """{ "max_tokens": 100 }""", mediaType: MergePatch))
        {
            Assert.Equal(2, (await patch.ReadJsonAsync(HttpStatusCode.OK)).Version());
        }

        // Load the profile and the list into the caches, then take the row and the statement count.
        var served = (await fixture.B.GetProfileAsync(id)).GetRawText();
        var listed = ListedRawText(await fixture.B.ListProfilesAsync(), id);
        var row = await fixture.Database.ReadAsync(id);
        var writes = fixture.DatabaseStatements().Writes;

        var url = refusal.Method == "POST" ? ProfilesRoute : Url(id);
        using (var response = await fixture.A.SendAsync(new HttpMethod(refusal.Method), url, refusal.Body(id), refusal.IfMatch))
        {
            await ProblemAssert.IsProblemAsync(response, refusal.Status);
        }

        Assert.Equal(row, await fixture.Database.ReadAsync(id));
        Assert.Equal(2, await fixture.Database.VersionAsync(id));
        Assert.Equal(writes, fixture.DatabaseStatements().Writes);
        foreach (var frontend in new[] { fixture.A, fixture.B })
        {
            using var get = await frontend.SendAsync(HttpMethod.Get, Url(id));
            Assert.Equal(served, (await get.ReadJsonAsync(HttpStatusCode.OK)).GetRawText());
            Assert.Equal("\"2\"", get.Headers.ETag?.ToString());
            Assert.Equal(listed, ListedRawText(await frontend.ListProfilesAsync(), id));
        }
    }

    private static readonly Dictionary<string, (Func<string, HttpContent> Body, HttpStatusCode Status)> RefusedCreates = new()
    {
        ["an invalid field"] = (id => Body($$"""{ "id": "{{id}}", "name": "x", "max_tokens": 0 }"""), HttpStatusCode.BadRequest),
        ["an unknown field"] = (id => Body($$"""{ "id": "{{id}}", "name": "x", "extra": true }"""), HttpStatusCode.BadRequest),
        ["malformed JSON"] = (id => Body($$"""{ "id": "{{id}}", "name": "x" """), HttpStatusCode.BadRequest),
        ["a duplicate field"] = (id => Body($$"""{ "id": "{{id}}", "id": "{{id}}", "name": "x" }"""), HttpStatusCode.BadRequest),
        ["a body over 1 MiB with a Content-Length"] = (id => Bodies.Raw(Padded(id)), HttpStatusCode.RequestEntityTooLarge),
        ["a chunked body over 1 MiB"] = (id => new ChunkedContent(Padded(id), Json), HttpStatusCode.RequestEntityTooLarge),
        ["text/plain"] = (id => Bodies.Utf8($$"""{ "id": "{{id}}", "name": "x" }""", "text/plain"), HttpStatusCode.UnsupportedMediaType),
        ["no content type"] = (id => Bodies.Utf8($$"""{ "id": "{{id}}", "name": "x" }""", null), HttpStatusCode.UnsupportedMediaType),
    };

    public static TheoryData<string> RefusedCreateCases => [.. RefusedCreates.Keys];

    [Theory]
    [MemberData(nameof(RefusedCreateCases))]
    public async Task A_refused_create_creates_nothing(string refused)
    {
        var id = TestIds.New();
        var (body, status) = RefusedCreates[refused];
        var writes = fixture.DatabaseStatements().Writes;

        using (var response = await fixture.A.SendAsync(HttpMethod.Post, ProfilesRoute, body(id)))
        {
            await ProblemAssert.IsProblemAsync(response, status);
        }

        Assert.Null(await fixture.Database.ReadAsync(id));
        Assert.Equal(writes, fixture.DatabaseStatements().Writes);
        using var get = await fixture.B.SendAsync(HttpMethod.Get, Url(id));
        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound);
        Assert.DoesNotContain(await fixture.B.ListProfilesAsync(), p => p.Id() == id);
    }

    [Fact]
    public async Task A_refused_delete_of_an_absent_profile_writes_nothing()
    {
        var id = TestIds.New();
        var writes = fixture.DatabaseStatements().Writes;

        using var response = await fixture.A.SendAsync(HttpMethod.Delete, Url(id));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(writes, fixture.DatabaseStatements().Writes);
    }

    private static Refusal Put(string json, HttpStatusCode status) => new("PUT", _ => Body(json), null, status);

    private static Refusal Patch(string json, HttpStatusCode status) => new("PATCH", _ => Body(json, MergePatch), null, status);

    /// <summary>A valid create of <paramref name="id"/> padded past 1 MiB.</summary>
    private static byte[] Padded(string id)
    {
        var body = Bodies.Padded(Bodies.MaxBytes + 1);
        var json = Encoding.UTF8.GetBytes($$"""{ "id": "{{id}}", "name": "x" }""");
        json.CopyTo(body, 0);
        return body;
    }

    private static string ListedRawText(List<JsonElement> list, string id) =>
        Assert.Single(list, p => p.Id() == id).GetRawText();
}
