using System.Net;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Http;

/// <summary>Conditional requests: ETags are versions, If-None-Match on reads, If-Match on writes.</summary>
[Collection(FrontendCollection.Name)]
public sealed class EntityTagsTests(FrontendFixture fixture)
{
    [Theory]
    [InlineData("\"1\"")]
    [InlineData("W/\"1\"")]
    [InlineData("\"7\", \"1\"")]
    [InlineData("*")]
    public async Task Get_with_a_matching_If_None_Match_answers_304_with_the_etag_and_no_body(string ifNoneMatch)
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        using var response = await fixture.B.SendAsync(HttpMethod.Get, Url(id), ifNoneMatch: ifNoneMatch);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_with_an_older_etag_in_If_None_Match_answers_200_with_the_new_version()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        using (var put = await fixture.A.SendJsonAsync(HttpMethod.Put, Url(id), """{ "name": "Changed" }"""))
        {
            await put.ReadJsonAsync(HttpStatusCode.OK);
        }

        using var response = await fixture.B.SendAsync(HttpMethod.Get, Url(id), ifNoneMatch: "\"1\"");

        var profile = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        Assert.Equal("Changed", profile.Text("name"));
    }

    [Fact]
    public async Task Get_of_an_absent_profile_with_If_None_Match_star_answers_404()
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Get, Url(TestIds.New()), ifNoneMatch: "*");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("PUT", "\"2\"")]
    [InlineData("PUT", "*")]
    [InlineData("PUT", "\"1\", \"2\"")]
    [InlineData("PATCH", "\"2\"")]
    [InlineData("PATCH", "*")]
    [InlineData("DELETE", "\"2\"")]
    [InlineData("DELETE", "*")]
    [InlineData("DELETE", "\"5\", \"2\"")]
    public async Task A_write_whose_If_Match_names_the_current_version_succeeds(string method, string ifMatch)
    {
        var id = await CreateAtVersion2Async();

        using var response = await fixture.B.SendAsync(new HttpMethod(method), Url(id), BodyFor(method), ifMatch);

        if (method == "DELETE")
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Null(await fixture.Database.ReadAsync(id));
        }
        else
        {
            Assert.Equal(3, (await response.ReadJsonAsync(HttpStatusCode.OK)).Version());
            Assert.Equal("\"3\"", response.Headers.ETag?.ToString());
        }
    }

    [Theory]
    [InlineData("PUT", "\"1\"")]
    [InlineData("PUT", "\"3\"")]
    [InlineData("PUT", "W/\"2\"")]
    [InlineData("PUT", "\"1\", \"3\"")]
    [InlineData("PUT", "\"abc\"")]
    [InlineData("PATCH", "\"1\"")]
    [InlineData("PATCH", "W/\"2\"")]
    [InlineData("DELETE", "\"1\"")]
    [InlineData("DELETE", "W/\"2\"")]
    public async Task A_write_whose_If_Match_names_another_version_answers_412(string method, string ifMatch)
    {
        var id = await CreateAtVersion2Async();

        using var response = await fixture.A.SendAsync(new HttpMethod(method), Url(id), BodyFor(method), ifMatch);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(2, await fixture.Database.VersionAsync(id));
    }

    [Theory]
    [InlineData("PUT", "2")]
    [InlineData("PATCH", "\"2")]
    [InlineData("DELETE", "\"2\" garbage")]
    public async Task A_write_with_a_malformed_If_Match_answers_400(string method, string ifMatch)
    {
        var id = await CreateAtVersion2Async();

        using var response = await fixture.A.SendAsync(new HttpMethod(method), Url(id), BodyFor(method), ifMatch);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(2, await fixture.Database.VersionAsync(id));
    }

    [Fact]
    public async Task A_client_that_lost_the_race_gets_412_and_succeeds_with_the_new_etag()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        using (var first = await fixture.A.SendJsonAsync(HttpMethod.Patch, Url(id), """{ "model": "first" }""", ifMatch: "\"1\"", mediaType: MergePatch))
        {
            await first.ReadJsonAsync(HttpStatusCode.OK);
        }

        using (var second = await fixture.B.SendJsonAsync(HttpMethod.Patch, Url(id), """{ "model": "second" }""", ifMatch: "\"1\"", mediaType: MergePatch))
        {
            await ProblemAssert.IsProblemAsync(second, HttpStatusCode.PreconditionFailed);
        }

        using var get = await fixture.B.SendAsync(HttpMethod.Get, Url(id));
        var current = await get.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("first", current.Text("model"));
        using var retry = await fixture.B.SendJsonAsync(
            HttpMethod.Patch, Url(id), """{ "model": "second" }""", ifMatch: get.Headers.ETag!.ToString(), mediaType: MergePatch);
        Assert.Equal("second", (await retry.ReadJsonAsync(HttpStatusCode.OK)).Text("model"));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task A_conditional_write_to_an_absent_profile_answers_404(string method)
    {
        var id = TestIds.New();

        using var response = await fixture.A.SendAsync(new HttpMethod(method), Url(id), BodyFor(method), "\"1\"");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Null(await fixture.Database.ReadAsync(id));
    }

    private async Task<string> CreateAtVersion2Async()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        using var response = await fixture.A.SendJsonAsync(HttpMethod.Patch, Url(id), """{ "model": "v2" }""", mediaType: MergePatch);
        Assert.Equal(2, (await response.ReadJsonAsync(HttpStatusCode.OK)).Version());
        return id;
    }

    private static StringContent? BodyFor(string method) => method switch
    {
        "PUT" => Body("""{ "name": "Replaced" }"""),
        "PATCH" => Body("""{ "name": "Patched" }""", MergePatch),
        _ => null,
    };
}
