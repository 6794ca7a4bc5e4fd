using System.Globalization;
using System.Net;
using System.Text.Json;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Profiles;

/// <summary>The profile routes of the contract when they succeed, and their 404, 409 and URL errors.</summary>
[Collection(FrontendCollection.Name)]
public sealed class ProfilesApiTests(FrontendFixture fixture)
{
    private const string AllFields = """
        "name": "Coding assistant", "model": "gpt-4o", "provider": "openai", "system_prompt": "You are ...",
        "temperature": 0.2, "max_tokens": 4096, "params": { "top_p": 0.9 }
        """;

    private static readonly string[] ProfileMembers =
        ["id", "name", "model", "provider", "system_prompt", "temperature", "max_tokens", "params", "created_at", "updated_at", "version"];

    [Fact]
    public async Task Post_without_an_id_creates_the_profile_under_a_server_assigned_id()
    {
        using var response = await fixture.A.SendJsonAsync(HttpMethod.Post, ProfilesRoute, $$"""{ {{AllFields}} }""");

        var profile = await response.ReadJsonAsync(HttpStatusCode.Created);
        var id = profile.Id();
        Assert.Matches("^[A-Za-z0-9_-]{1,64}$", id);
        Assert.Equal(Url(id), response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        AssertHasAllFields(profile, id, "Coding assistant", "gpt-4o", "openai", "You are ...", 0.2, 4096, """{"top_p":0.9}""");
        Assert.Equal(1, profile.Version());
        Assert.Equal(profile.Text("created_at"), profile.Text("updated_at"));
        Assert.Equal(1, await fixture.Database.VersionAsync(id));
    }

    [Fact]
    public async Task Post_with_an_id_creates_the_profile_under_that_id()
    {
        var id = TestIds.New();

        using var response = await fixture.A.SendJsonAsync(HttpMethod.Post, ProfilesRoute, $$"""{ "id": "{{id}}", {{AllFields}} }""");

        var profile = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(Url(id), response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        AssertHasAllFields(profile, id, "Coding assistant", "gpt-4o", "openai", "You are ...", 0.2, 4096, """{"top_p":0.9}""");
        Assert.Equal(1, profile.Version());
        Assert.Equal(1, await fixture.Database.VersionAsync(id));
    }

    [Fact]
    public async Task Post_with_only_a_name_leaves_every_optional_field_null()
    {
        var id = TestIds.New();

        var profile = await fixture.A.CreateProfileAsync(id, "\"name\": \"Minimal\"");

        AssertHasAllFields(profile, id, "Minimal", null, null, null, null, null, null);
    }

    [Fact]
    public async Task Post_with_a_null_id_assigns_one()
    {
        using var response = await fixture.A.SendJsonAsync(HttpMethod.Post, ProfilesRoute, """{ "id": null, "name": "No id" }""");

        var profile = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Matches("^[A-Za-z0-9_-]{1,64}$", profile.Id());
    }

    [Fact]
    public async Task Post_with_an_existing_id_answers_409()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        using var response = await fixture.B.SendJsonAsync(HttpMethod.Post, ProfilesRoute, $$"""{ "id": "{{id}}", "name": "Second" }""");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Get_returns_the_profile_with_its_version_as_etag()
    {
        var id = TestIds.New();
        var created = await fixture.A.CreateProfileAsync(id, AllFields);

        using var response = await fixture.A.SendAsync(HttpMethod.Get, Url(id));

        var profile = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(created.GetRawText(), profile.GetRawText());
    }

    [Fact]
    public async Task Get_list_orders_profiles_by_created_at_then_id()
    {
        // Rows with chosen timestamps, two of them equal, go in behind the API's back;
        // the create through the API that follows drops the cached list.
        var prefix = TestIds.New();
        string oldest = prefix + "_z", tiedLater = prefix + "_b", tiedEarlier = prefix + "_a", newest = prefix + "_0";
        await fixture.Database.InsertAsync(oldest, "Oldest", "2000-01-01T00:00:00.000Z");
        await fixture.Database.InsertAsync(tiedLater, "Tied", "2000-01-01T00:00:00.001Z");
        await fixture.Database.InsertAsync(tiedEarlier, "Tied", "2000-01-01T00:00:00.001Z");
        await fixture.A.CreateProfileAsync(newest);

        var list = await fixture.A.ListProfilesAsync();

        Assert.Equal([oldest, tiedEarlier, tiedLater, newest], list.Select(p => p.Id()).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)));
        var keys = list.Select(p => (CreatedAt: p.Text("created_at")!, Id: p.Id())).ToList();
        Assert.Equal(keys.OrderBy(k => k.CreatedAt, StringComparer.Ordinal).ThenBy(k => k.Id, StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task Get_list_items_are_the_profiles_as_get_returns_them()
    {
        var id = TestIds.New();
        var created = await fixture.A.CreateProfileAsync(id, AllFields);

        var listed = Assert.Single(await fixture.A.ListProfilesAsync(), p => p.Id() == id);

        Assert.Equal(created.GetRawText(), listed.GetRawText());
    }

    [Fact]
    public async Task Get_list_pages_with_limit_and_offset()
    {
        var prefix = TestIds.New();
        string[] mine = [prefix + "_0", prefix + "_1", prefix + "_2"];
        foreach (var id in mine)
        {
            await fixture.A.CreateProfileAsync(id);
        }

        var all = (await fixture.A.ListProfilesAsync()).Select(p => p.Id()).ToList();
        var start = all.IndexOf(mine[0]);
        Assert.Equal(mine, all.Skip(start).Take(3));

        Assert.Equal(all.Skip(start).Take(2), await IdsAsync($"?offset={start}&limit=2"));
        Assert.Equal(all.Skip(start + 2), await IdsAsync($"?limit=1000&offset={start + 2}"));
        Assert.Equal(all.Take(1), await IdsAsync("?limit=1"));
        Assert.Equal(all.Skip(start + 1), await IdsAsync($"?offset={start + 1}"));
        Assert.Empty(await IdsAsync($"?offset={all.Count}"));
        Assert.Equal(all, await IdsAsync("?offset=0"));
    }

    [Fact]
    public async Task Put_replaces_every_client_field_and_omitted_fields_become_null()
    {
        var id = TestIds.New();
        var created = await fixture.A.CreateProfileAsync(id, AllFields);

        using var response = await fixture.A.SendJsonAsync(HttpMethod.Put, Url(id), """{ "name": "Renamed", "temperature": 1.5 }""");

        var replaced = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        AssertHasAllFields(replaced, id, "Renamed", null, null, null, 1.5, null, null);
        Assert.Equal(2, replaced.Version());
        Assert.Equal(created.Text("created_at"), replaced.Text("created_at"));
        Assert.True(Timestamp(replaced, "updated_at") >= Timestamp(created, "updated_at"));
        Assert.Equal(replaced.GetRawText(), (await fixture.A.GetProfileAsync(id)).GetRawText());
        Assert.Equal(2, await fixture.Database.VersionAsync(id));
    }

    [Fact]
    public async Task Put_ignores_the_server_owned_fields_a_client_sends_back()
    {
        var id = TestIds.New();
        var created = await fixture.A.CreateProfileAsync(id, AllFields);

        using var response = await fixture.A.SendJsonAsync(
            HttpMethod.Put,
            Url(id),
            $$"""{ "id": "{{id}}", "name": "Sent back", "version": 99, "created_at": "1999-01-01T00:00:00Z", "updated_at": "1999-01-01T00:00:00Z" }""");

        var replaced = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Sent back", replaced.Text("name"));
        Assert.Equal(2, replaced.Version());
        Assert.Equal(created.Text("created_at"), replaced.Text("created_at"));
        Assert.NotEqual("1999-01-01T00:00:00Z", replaced.Text("updated_at"));
    }

    [Theory]
    [InlineData(MergePatch)]
    [InlineData(Json)]
    public async Task Patch_replaces_present_fields_clears_null_ones_and_keeps_absent_ones(string mediaType)
    {
        var id = TestIds.New();
        var created = await fixture.A.CreateProfileAsync(id, AllFields);

        using var response = await fixture.A.SendJsonAsync(
            HttpMethod.Patch, Url(id), """{ "model": "gpt-5", "system_prompt": null, "params": null, "max_tokens": 8192 }""", mediaType: mediaType);

        var patched = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        AssertHasAllFields(patched, id, "Coding assistant", "gpt-5", "openai", null, 0.2, 8192, null);
        Assert.Equal(2, patched.Version());
        Assert.Equal(created.Text("created_at"), patched.Text("created_at"));
        Assert.Equal(patched.GetRawText(), (await fixture.A.GetProfileAsync(id)).GetRawText());
    }

    [Fact]
    public async Task Patch_can_set_the_name_and_clear_the_numbers()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id, AllFields);

        using var response = await fixture.A.SendJsonAsync(
            HttpMethod.Patch, Url(id), """{ "name": "  Trimmed  ", "temperature": null, "max_tokens": null }""", mediaType: MergePatch);

        var patched = await response.ReadJsonAsync(HttpStatusCode.OK);
        AssertHasAllFields(patched, id, "Trimmed", "gpt-4o", "openai", "You are ...", null, null, """{"top_p":0.9}""");
    }

    [Fact]
    public async Task Each_successful_write_adds_one_to_the_version()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        for (var expected = 2; expected <= 4; expected++)
        {
            using var response = await fixture.A.SendJsonAsync(HttpMethod.Patch, Url(id), $$"""{ "max_tokens": {{expected}} }""", mediaType: MergePatch);
            Assert.Equal(expected, (await response.ReadJsonAsync(HttpStatusCode.OK)).Version());
        }

        Assert.Equal(4, (await fixture.A.GetProfileAsync(id)).Version());
        Assert.Equal(4, await fixture.Database.VersionAsync(id));
    }

    [Fact]
    public async Task Delete_answers_204_and_the_profile_is_gone()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        using var response = await fixture.A.SendAsync(HttpMethod.Delete, Url(id));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        using var get = await fixture.A.SendAsync(HttpMethod.Get, Url(id));
        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound);
        Assert.Null(await fixture.Database.ReadAsync(id));
        Assert.DoesNotContain(await fixture.A.ListProfilesAsync(), p => p.Id() == id);
    }

    [Fact]
    public async Task A_deleted_id_can_be_created_again_at_version_1()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);
        using (var delete = await fixture.A.SendAsync(HttpMethod.Delete, Url(id)))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var recreated = await fixture.A.CreateProfileAsync(id, "\"name\": \"Again\"");

        Assert.Equal(1, recreated.Version());
        Assert.Equal("Again", recreated.Text("name"));
    }

    public static TheoryData<string> Methods => ["GET", "PUT", "PATCH", "DELETE"];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task A_request_for_an_absent_profile_answers_404(string method)
    {
        var id = TestIds.New();

        using var response = await fixture.A.SendAsync(new HttpMethod(method), Url(id), BodyFor(method));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Null(await fixture.Database.ReadAsync(id));
    }

    public static TheoryData<string, string> InvalidUrlIds => new()
    {
        { "GET", "has%20space" },
        { "GET", "bang!" },
        { "GET", "dot.ted" },
        { "GET", "%C3%A9t%C3%A9" },
        { "GET", new string('a', 65) },
        { "PUT", "bang!" },
        { "PUT", new string('a', 65) },
        { "PATCH", "bang!" },
        { "PATCH", new string('a', 65) },
        { "DELETE", "bang!" },
        { "DELETE", new string('a', 65) },
    };

    [Theory]
    [MemberData(nameof(InvalidUrlIds))]
    public async Task An_invalid_id_in_the_url_answers_400_naming_id(string method, string id)
    {
        using var response = await fixture.A.SendAsync(new HttpMethod(method), Url(id), BodyFor(method));

        await ProblemAssert.IsValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task An_id_of_64_characters_is_valid()
    {
        var id = "t" + new string('-', 31) + Guid.NewGuid().ToString("N");
        Assert.Equal(64, id.Length);

        var created = await fixture.A.CreateProfileAsync(id);

        Assert.Equal(id, created.Id());
        Assert.Equal(id, (await fixture.B.GetProfileAsync(id)).Id());
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?limit=1.5", "limit")]
    [InlineData("?limit=", "limit")]
    [InlineData("?limit=99999999999", "limit")]
    [InlineData("?offset=-1", "offset")]
    [InlineData("?offset=x", "offset")]
    [InlineData("?offset=", "offset")]
    [InlineData("?limit=0&offset=-1", "offset")]
    public async Task A_bad_limit_or_offset_answers_400_naming_it(string query, string field)
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Get, ProfilesRoute + query);

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData("?limit=1")]
    [InlineData("?limit=1000")]
    [InlineData("?offset=0")]
    [InlineData("?offset=1000000")]
    public async Task The_bounds_of_limit_and_offset_are_accepted(string query)
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Get, ProfilesRoute + query);

        Assert.Equal(JsonValueKind.Array, (await response.ReadJsonAsync(HttpStatusCode.OK)).ValueKind);
    }

    [Fact]
    public async Task An_unknown_route_answers_a_404_problem()
    {
        using var response = await fixture.A.SendAsync(HttpMethod.Get, "/api/nothing-here");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_method_a_route_does_not_accept_answers_a_405_problem()
    {
        using var response = await fixture.A.SendJsonAsync(HttpMethod.Post, Url(TestIds.New()), """{ "name": "x" }""");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task A_wrong_method_on_the_sync_path_answers_405_with_allow_post(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/models/sync");

        using var response = await fixture.A.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        if (method != "HEAD")
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        }
    }

    [Theory]
    [InlineData("GET", "/api/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/profiles", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/health/live", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/health/ready", HttpStatusCode.MethodNotAllowed)]
    public async Task A_routing_error_is_a_problem_even_when_the_client_accepts_only_html(string method, string path, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await fixture.A.SendAsync(request, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, status);
    }

    private static StringContent? BodyFor(string method) =>
        method is "PUT" or "PATCH" ? Body("""{ "name": "Valid" }""") : null;

    private async Task<List<string>> IdsAsync(string query) =>
        [.. (await fixture.A.ListProfilesAsync(query)).Select(p => p.Id())];

    private static DateTimeOffset Timestamp(JsonElement profile, string field)
    {
        var text = profile.Text(field)!;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", text);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private static void AssertHasAllFields(
        JsonElement profile, string id, string name, string? model, string? provider, string? systemPrompt, double? temperature, int? maxTokens, string? parameters)
    {
        Assert.Equal(ProfileMembers.Order(StringComparer.Ordinal), profile.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(id, profile.Id());
        Assert.Equal(name, profile.Text("name"));
        Assert.Equal(model, profile.Text("model"));
        Assert.Equal(provider, profile.Text("provider"));
        Assert.Equal(systemPrompt, profile.Text("system_prompt"));
        Assert.Equal(temperature, profile.GetProperty("temperature") is { ValueKind: JsonValueKind.Number } t ? t.GetDouble() : null);
        Assert.Equal(maxTokens, profile.GetProperty("max_tokens") is { ValueKind: JsonValueKind.Number } m ? m.GetInt32() : null);
        var storedParams = profile.GetProperty("params");
        if (parameters is null)
        {
            Assert.Equal(JsonValueKind.Null, storedParams.ValueKind);
        }
        else
        {
            Assert.Equal(JsonValueKind.Object, storedParams.ValueKind);
            Assert.Equal(parameters, JsonSerializer.Serialize(storedParams));
        }

        Assert.Equal(JsonValueKind.Number, profile.GetProperty("version").ValueKind);
        Timestamp(profile, "created_at");
        Timestamp(profile, "updated_at");
    }
}
