using System.Net;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Profiles;

/// <summary>The field rules of a profile body: each broken rule is a 400 whose <c>errors</c> name the field.</summary>
[Collection(FrontendCollection.Name)]
public sealed class ProfileRequestReaderTests(FrontendFixture fixture)
{
    /// <summary>Bodies that break one rule, by description: the members of the JSON object and the field the error names.</summary>
    private static readonly Dictionary<string, (string Members, string Field)> InvalidMembers = new()
    {
        ["name missing"] = ("\"model\": \"gpt-4o\"", "name"),
        ["name null"] = ("\"name\": null", "name"),
        ["name empty"] = ("\"name\": \"\"", "name"),
        ["name blank"] = ("\"name\": \" \\t  \"", "name"),
        ["name of 201 characters"] = ($"\"name\": \"{new string('n', 201)}\"", "name"),
        ["name a number"] = ("\"name\": 5", "name"),
        ["name an object"] = ("\"name\": { \"first\": \"x\" }", "name"),
        ["name a lone high surrogate"] = ("\"name\": \"ok \\ud800\"", "name"),
        ["name a lone low surrogate"] = ("\"name\": \"\\udc00 ok\"", "name"),
        ["model a number"] = ("\"name\": \"x\", \"model\": 4", "model"),
        ["model of 201 characters"] = ($"\"name\": \"x\", \"model\": \"{new string('m', 201)}\"", "model"),
        ["provider a boolean"] = ("\"name\": \"x\", \"provider\": true", "provider"),
        ["provider of 201 characters"] = ($"\"name\": \"x\", \"provider\": \"{new string('p', 201)}\"", "provider"),
        ["system_prompt an array"] = ("\"name\": \"x\", \"system_prompt\": [\"a\"]", "system_prompt"),
        ["system_prompt of 100001 characters"] = ($"\"name\": \"x\", \"system_prompt\": \"{new string('s', 100_001)}\"", "system_prompt"),
        ["system_prompt a lone surrogate"] = ("\"name\": \"x\", \"system_prompt\": \"\\ud83d\"", "system_prompt"),
        ["temperature a string"] = ("\"name\": \"x\", \"temperature\": \"0.5\"", "temperature"),
        ["temperature below 0"] = ("\"name\": \"x\", \"temperature\": -0.01", "temperature"),
        ["temperature above 2"] = ("\"name\": \"x\", \"temperature\": 2.001", "temperature"),
        ["temperature beyond double"] = ("\"name\": \"x\", \"temperature\": 1e400", "temperature"),
        ["max_tokens a fraction"] = ("\"name\": \"x\", \"max_tokens\": 1.5", "max_tokens"),
        ["max_tokens a string"] = ("\"name\": \"x\", \"max_tokens\": \"100\"", "max_tokens"),
        ["max_tokens 0"] = ("\"name\": \"x\", \"max_tokens\": 0", "max_tokens"),
        ["max_tokens negative"] = ("\"name\": \"x\", \"max_tokens\": -5", "max_tokens"),
        ["max_tokens 10000001"] = ("\"name\": \"x\", \"max_tokens\": 10000001", "max_tokens"),
        ["max_tokens beyond long"] = ("\"name\": \"x\", \"max_tokens\": 99999999999999999999", "max_tokens"),
        ["params an array"] = ("\"name\": \"x\", \"params\": [1, 2]", "params"),
        ["params a string"] = ("\"name\": \"x\", \"params\": \"{}\"", "params"),
        ["params a number"] = ("\"name\": \"x\", \"params\": 5", "params"),
        ["params over 64 KiB"] = ($"\"name\": \"x\", \"params\": {{ \"k\": \"{new string('v', 64 * 1024)}\" }}", "params"),
        ["params with a lone surrogate"] = ("\"name\": \"x\", \"params\": { \"k\": \"\\ud800\" }", "params"),
        ["an unknown field"] = ("\"name\": \"x\", \"colour\": \"red\"", "colour"),
        ["a field in the wrong case"] = ("\"name\": \"x\", \"Model\": \"gpt-4o\"", "Model"),
        ["a camelCase field"] = ("\"name\": \"x\", \"maxTokens\": 5", "maxTokens"),
        ["id with a space"] = ("\"id\": \"has space\", \"name\": \"x\"", "id"),
        ["id empty"] = ("\"id\": \"\", \"name\": \"x\"", "id"),
        ["id of 65 characters"] = ($"\"id\": \"{new string('i', 65)}\", \"name\": \"x\"", "id"),
        ["id a number"] = ("\"id\": 42, \"name\": \"x\"", "id"),
    };

    public static TheoryData<string> InvalidBodies => [.. InvalidMembers.Keys];

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Post_with_an_invalid_body_answers_400_naming_the_field(string invalid)
    {
        var (members, field) = InvalidMembers[invalid];

        using var response = await fixture.A.SendJsonAsync(HttpMethod.Post, ProfilesRoute, $"{{ {members} }}");

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Put_with_an_invalid_body_answers_400_naming_the_field(string invalid)
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        var (members, field) = InvalidMembers[invalid];

        using var response = await fixture.A.SendJsonAsync(HttpMethod.Put, Url(id), $"{{ {members} }}");

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    // A merge patch may leave the name out.
    public static TheoryData<string> InvalidPatches => [.. InvalidMembers.Keys.Where(k => k != "name missing")];

    [Theory]
    [MemberData(nameof(InvalidPatches))]
    public async Task Patch_with_an_invalid_body_answers_400_naming_the_field(string invalid)
    {
        var (members, field) = InvalidMembers[invalid];
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        using var response = await fixture.A.SendJsonAsync(HttpMethod.Patch, Url(id), $"{{ {members} }}", mediaType: MergePatch);

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task Errors_name_every_invalid_field_at_once()
    {
        using var response = await fixture.A.SendJsonAsync(
            HttpMethod.Post, ProfilesRoute, """{ "name": "", "temperature": 3, "max_tokens": 0, "params": [], "extra": 1 }""");

        var problem = await ProblemAssert.IsValidationProblemAsync(response, "name");
        var errors = problem.GetProperty("errors");
        Assert.Equal(["extra", "max_tokens", "name", "params", "temperature"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Put_with_an_id_in_the_body_other_than_the_urls_answers_400_naming_id()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        using var response = await fixture.A.SendJsonAsync(HttpMethod.Put, Url(id), $$"""{ "id": "{{TestIds.New()}}", "name": "Moved" }""");

        await ProblemAssert.IsValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task Patch_with_an_id_in_the_body_other_than_the_urls_answers_400_naming_id()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        using var response = await fixture.A.SendJsonAsync(HttpMethod.Patch, Url(id), $$"""{ "id": "{{id.ToUpperInvariant()}}" }""", mediaType: MergePatch);

        await ProblemAssert.IsValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_answers_400()
    {
        foreach (var body in new[] { "[]", "\"profile\"", "42", "null" })
        {
            using var response = await fixture.A.SendJsonAsync(HttpMethod.Post, ProfilesRoute, body);

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        }
    }

    /// <summary>Bodies at the edges of the rules, all valid.</summary>
    private static readonly Dictionary<string, string> ValidMembers = new()
    {
        ["name of 1 character"] = "\"name\": \"n\"",
        ["name of 200 characters"] = $"\"name\": \"{new string('n', 200)}\"",
        ["name of 200 characters after trimming"] = $"\"name\": \"  {new string('n', 200)}  \"",
        ["name of 200 characters outside the basic plane"] = $"\"name\": \"{string.Concat(Enumerable.Repeat("\U0001F600", 200))}\"",
        ["model and provider of 200 characters"] = $"\"name\": \"x\", \"model\": \"{new string('m', 200)}\", \"provider\": \"{new string('p', 200)}\"",
        ["system_prompt of 100000 characters with line breaks"] = $"\"name\": \"x\", \"system_prompt\": \"{string.Concat(Enumerable.Repeat("line\\n", 20_000))}\"",
        ["temperature 0"] = "\"name\": \"x\", \"temperature\": 0",
        ["temperature 2"] = "\"name\": \"x\", \"temperature\": 2",
        ["temperature 2.0"] = "\"name\": \"x\", \"temperature\": 2.0",
        ["max_tokens 1"] = "\"name\": \"x\", \"max_tokens\": 1",
        ["max_tokens 10000000"] = "\"name\": \"x\", \"max_tokens\": 10000000",
        ["params empty"] = "\"name\": \"x\", \"params\": {}",
        ["params nested"] = "\"name\": \"x\", \"params\": { \"a\": { \"b\": [1, 2, { \"c\": null }] }, \"top_p\": 0.9 }",
        ["params of exactly 64 KiB"] = $"\"name\": \"x\", \"params\": {{\"k\":\"{new string('v', (64 * 1024) - 8)}\"}}",
        ["every optional field null"] = "\"name\": \"x\", \"model\": null, \"provider\": null, \"system_prompt\": null, \"temperature\": null, \"max_tokens\": null, \"params\": null",
        ["a surrogate pair escaped"] = "\"name\": \"smile \\ud83d\\ude00\"",
    };

    public static TheoryData<string> ValidBodies => [.. ValidMembers.Keys];

    [Theory]
    [MemberData(nameof(ValidBodies))]
    public async Task Post_accepts_values_at_the_edges_of_the_rules(string valid)
    {
        using var response = await fixture.A.SendJsonAsync(HttpMethod.Post, ProfilesRoute, $"{{ {ValidMembers[valid]} }}");

        var profile = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(profile.GetRawText(), (await fixture.B.GetProfileAsync(profile.Id())).GetRawText());
    }

    [Fact]
    public async Task The_name_is_stored_trimmed()
    {
        var id = TestIds.New();

        var profile = await fixture.A.CreateProfileAsync(id, "\"name\": \"  Padded name \\t\"");

        Assert.Equal("Padded name", profile.Text("name"));
    }

    [Fact]
    public async Task Text_outside_ascii_round_trips_unchanged()
    {
        var id = TestIds.New();
        const string Name = "Ünïcödé \U0001F600 名前";

        var profile = await fixture.A.CreateProfileAsync(id, $"\"name\": \"{Name}\", \"params\": {{ \"clé\": \"värde\" }}");

        Assert.Equal(Name, profile.Text("name"));
        Assert.Equal(Name, (await fixture.B.GetProfileAsync(id)).Text("name"));
        Assert.Equal("värde", profile.GetProperty("params").GetProperty("clé").GetString());
    }
}
