using System.Net;
using System.Text;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Http;

/// <summary>How a request body is read: its media type (415), its size (413) and its JSON (400).</summary>
[Collection(FrontendCollection.Name)]
public sealed class JsonBodyTests(FrontendFixture fixture)
{
    public static TheoryData<string> WriteMethods => ["POST", "PUT", "PATCH"];

    /// <summary>Bodies that are not one well-formed JSON document, by description.</summary>
    private static readonly Dictionary<string, string> MalformedBodies = new()
    {
        ["a truncated object"] = """{ "name": """,
        ["a missing quote"] = """{ "name: "x" }""",
        ["single quotes"] = """{ 'name': 'x' }""",
        ["a trailing comma"] = """{ "name": "x", }""",
        ["a comment"] = """{ "name": "x" /* note */ }""",
        ["two documents"] = """{ "name": "x" } { "name": "y" }""",
        ["trailing text"] = """{ "name": "x" } and more""",
        ["NaN"] = """{ "name": "x", "temperature": NaN }""",
        ["a duplicate field"] = """{ "name": "a", "name": "b" }""",
        ["a duplicate field in params"] = """{ "name": "a", "params": { "k": 1, "k": 2 } }""",
        ["a duplicate field written with an escape"] = """{ "name": "a", "n\u0061me": "b" }""",
        ["a field name escaping a lone surrogate"] = """{ "name": "x", "\ud800": 1 }""",
        ["a params key escaping a lone surrogate"] = """{ "name": "x", "params": { "\udc00": 1 } }""",
        ["params nested 100 deep"] = $$"""{ "name": "x", "params": {{string.Concat(Enumerable.Repeat("{\"a\":", 100))}}1{{new string('}', 100)}} }""",
        ["arrays nested 1000 deep"] = $$"""{ "name": "x", "params": { "a": {{new string('[', 1000)}}{{new string(']', 1000)}} } }""",
        ["only whitespace"] = "   ",
    };

    public static TheoryData<string> Malformed => [.. MalformedBodies.Keys];

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_body_that_is_not_one_json_document_answers_400(string malformed)
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Post, ProfilesRoute, Bodies.Utf8(MalformedBodies[malformed]));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_valid_utf8_answers_400()
    {
        byte[] invalid = [.. Encoding.UTF8.GetBytes("{ \"name\": \""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\" }")];

        using var response = await fixture.A.SendAsync(HttpMethod.Post, ProfilesRoute, Bodies.Raw(invalid));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(WriteMethods))]
    public async Task Malformed_json_answers_400_on_every_write(string method)
    {
        var url = await TargetAsync(method);

        using var response = await fixture.A.SendJsonAsync(new HttpMethod(method), url, """{ "name": "x" """);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(WriteMethods))]
    public async Task An_empty_body_answers_400(string method)
    {
        var url = await TargetAsync(method);

        using var response = await fixture.A.SendAsync(new HttpMethod(method), url, Bodies.Utf8(string.Empty));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Params_nested_within_the_depth_limit_are_accepted()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 30)) + "1" + new string('}', 30);

        using var response = await fixture.A.SendJsonAsync(HttpMethod.Post, ProfilesRoute, $$"""{ "name": "x", "params": {{nested}} }""");

        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static TheoryData<string, string?> UnsupportedMediaTypes => new()
    {
        { "POST", "text/plain" },
        { "POST", null },
        { "POST", "application/json; charset=utf-16" },
        { "POST", "application/xml" },
        { "POST", "application/x-www-form-urlencoded" },
        { "POST", "application/problem+json" },
        { "POST", "not a media type" },
        { "PUT", "text/plain" },
        { "PUT", null },
        { "PUT", "application/json; charset=utf-16" },
        { "PATCH", "text/plain" },
        { "PATCH", null },
        { "PATCH", "application/merge-patch+json; charset=utf-16" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedMediaTypes))]
    public async Task A_body_that_is_not_utf8_json_answers_415(string method, string? mediaType)
    {
        var url = await TargetAsync(method);
        var charset = mediaType?.Contains("utf-16", StringComparison.Ordinal) == true ? Encoding.Unicode : Encoding.UTF8;

        using var response = await fixture.A.SendAsync(new HttpMethod(method), url, Bodies.Raw(charset.GetBytes("""{ "name": "x" }"""), mediaType));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/merge-patch+json")]
    public async Task Json_media_types_in_utf8_are_accepted(string mediaType)
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Post, ProfilesRoute, Bodies.Utf8("""{ "name": "x" }""", mediaType));

        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Theory]
    [MemberData(nameof(WriteMethods))]
    public async Task A_body_over_1_MiB_with_a_content_length_answers_413(string method)
    {
        var url = await TargetAsync(method);

        using var response = await fixture.A.SendAsync(new HttpMethod(method), url, Bodies.Raw(Bodies.Padded(Bodies.MaxBytes + 1)));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(WriteMethods))]
    public async Task A_chunked_body_over_1_MiB_answers_413(string method)
    {
        var url = await TargetAsync(method);

        using var response = await fixture.A.SendAsync(new HttpMethod(method), url, new ChunkedContent(Bodies.Padded(Bodies.MaxBytes + 1), Json));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_far_over_1_MiB_answers_413()
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Post, ProfilesRoute, new ChunkedContent(Bodies.Padded(8 * Bodies.MaxBytes), Json));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_of_exactly_1_MiB_is_accepted()
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Post, ProfilesRoute, Bodies.Raw(Bodies.Padded(Bodies.MaxBytes)));

        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_chunked_body_of_exactly_1_MiB_is_accepted()
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Post, ProfilesRoute, new ChunkedContent(Bodies.Padded(Bodies.MaxBytes), Json));

        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>The URL a write of <paramref name="method"/> goes to: the list for POST, an existing profile otherwise.</summary>
    private async Task<string> TargetAsync(string method)
    {
        if (method == "POST")
        {
            return ProfilesRoute;
        }

        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        return Url(id);
    }
}
