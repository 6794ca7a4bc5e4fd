using System.Net;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Profiles;

/// <summary>
/// A successful write is visible to the very next read through any frontend: frontend A enters the cluster at
/// silo 0 and frontend B at silo 1. Each test first reads through the other frontend, so that any cache the read
/// fills is warm when the write happens.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class ReadYourWritesTests(FrontendFixture fixture)
{
    [Fact]
    public async Task A_profile_created_through_one_frontend_is_read_and_listed_through_the_other()
    {
        var id = TestIds.New();
        await ExpectAbsentAsync(fixture.B, id);

        var created = await fixture.A.CreateProfileAsync(id, "\"name\": \"Fresh\"");

        Assert.Equal(created.GetRawText(), (await fixture.B.GetProfileAsync(id)).GetRawText());
        Assert.Equal(created.GetRawText(), Assert.Single(await fixture.B.ListProfilesAsync(), p => p.Id() == id).GetRawText());
    }

    [Fact]
    public async Task A_replace_through_one_frontend_is_read_and_listed_through_the_other()
    {
        var id = TestIds.New();
        await fixture.B.CreateProfileAsync(id, "\"name\": \"Before\", \"model\": \"m\"");
        await WarmAsync(fixture.B, id);

        using var put = await fixture.A.SendJsonAsync(HttpMethod.Put, Url(id), """{ "name": "After" }""");
        var replaced = await put.ReadJsonAsync(HttpStatusCode.OK);

        await ExpectServedAsync(fixture.B, id, replaced.GetRawText(), 2);
        Assert.Null(replaced.Text("model"));
    }

    [Fact]
    public async Task A_patch_through_one_frontend_is_read_and_listed_through_the_other()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id, "\"name\": \"Patched\", \"temperature\": 1");
        await WarmAsync(fixture.A, id);

        using var patch = await fixture.B.SendJsonAsync(HttpMethod.Patch, Url(id), """{ "temperature": 0.1 }""", mediaType: MergePatch);
        var patched = await patch.ReadJsonAsync(HttpStatusCode.OK);

        await ExpectServedAsync(fixture.A, id, patched.GetRawText(), 2);
    }

    [Fact]
    public async Task A_delete_through_one_frontend_is_seen_by_the_other()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        await WarmAsync(fixture.B, id);

        using (var delete = await fixture.A.SendAsync(HttpMethod.Delete, Url(id)))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await ExpectAbsentAsync(fixture.B, id);
    }

    [Fact]
    public async Task Alternating_writes_through_both_frontends_are_each_seen_by_the_next_read()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        var frontends = new[] { fixture.A, fixture.B };

        for (var version = 2; version <= 9; version++)
        {
            var writer = frontends[version % 2];
            var reader = frontends[(version + 1) % 2];
            using var patch = await writer.SendJsonAsync(HttpMethod.Patch, Url(id), $$"""{ "max_tokens": {{version * 10}} }""", mediaType: MergePatch);
            var patched = await patch.ReadJsonAsync(HttpStatusCode.OK);

            await ExpectServedAsync(reader, id, patched.GetRawText(), version);
        }
    }

    [Fact]
    public async Task A_write_made_after_a_304_is_seen_by_the_next_conditional_read()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        using (var notModified = await fixture.B.SendAsync(HttpMethod.Get, Url(id), ifNoneMatch: "\"1\""))
        {
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        using (var put = await fixture.A.SendJsonAsync(HttpMethod.Put, Url(id), """{ "name": "Changed" }""", ifMatch: "\"1\""))
        {
            await put.ReadJsonAsync(HttpStatusCode.OK);
        }

        using var response = await fixture.B.SendAsync(HttpMethod.Get, Url(id), ifNoneMatch: "\"1\"");
        Assert.Equal("Changed", (await response.ReadJsonAsync(HttpStatusCode.OK)).Text("name"));
    }

    /// <summary>Reads the profile and the list through <paramref name="frontend"/>, so both are cached.</summary>
    private static async Task WarmAsync(HttpClient frontend, string id)
    {
        await frontend.GetProfileAsync(id);
        Assert.Single(await frontend.ListProfilesAsync(), p => p.Id() == id);
    }

    private static async Task ExpectServedAsync(HttpClient frontend, string id, string expected, long version)
    {
        using var get = await frontend.SendAsync(HttpMethod.Get, Url(id));
        Assert.Equal(expected, (await get.ReadJsonAsync(HttpStatusCode.OK)).GetRawText());
        Assert.Equal($"\"{version}\"", get.Headers.ETag?.ToString());
        Assert.Equal(expected, Assert.Single(await frontend.ListProfilesAsync(), p => p.Id() == id).GetRawText());
    }

    private static async Task ExpectAbsentAsync(HttpClient frontend, string id)
    {
        using var get = await frontend.SendAsync(HttpMethod.Get, Url(id));
        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound);
        Assert.DoesNotContain(await frontend.ListProfilesAsync(), p => p.Id() == id);
    }
}
