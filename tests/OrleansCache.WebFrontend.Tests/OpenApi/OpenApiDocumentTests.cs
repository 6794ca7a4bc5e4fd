using System.Net;
using System.Text.Json;

namespace OrleansCache.WebFrontend.Tests.OpenApi;

/// <summary>
/// <c>/openapi/v1.json</c> as the real frontend serves it: every route of the contract with its answers, the
/// paging limits, and the conditional request headers. Third-party tools check it too (<see cref="OpenApiLintTests"/>,
/// <see cref="OpenApiClientTests"/>, <see cref="OpenApiProxyTests"/>).
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class OpenApiDocumentTests(FrontendFixture fixture)
{
    private static readonly string[] ApiProblems = ["401", "503"];

    /// <summary>Every operation of the contract, with the status codes it must document.</summary>
    public static TheoryData<string, string, string[]> Operations => new()
    {
        { "get", "/api/profiles", ["200", "400", .. ApiProblems] },
        { "post", "/api/profiles", ["201", "400", "409", "413", "415", .. ApiProblems] },
        { "get", "/api/profiles/{id}", ["200", "304", "400", "404", .. ApiProblems] },
        { "put", "/api/profiles/{id}", ["200", "400", "404", "412", "413", "415", .. ApiProblems] },
        { "patch", "/api/profiles/{id}", ["200", "400", "404", "412", "413", "415", .. ApiProblems] },
        { "delete", "/api/profiles/{id}", ["204", "400", "404", "412", .. ApiProblems] },
        { "get", "/api/models", ["200", "400", .. ApiProblems] },
        { "get", "/api/models/{provider}/{id}", ["200", "400", "404", .. ApiProblems] },
        { "post", "/api/models/sync", ["200", "400", "413", "415", .. ApiProblems] },
        { "get", "/api/cache/stats", ["200", .. ApiProblems] },
        { "post", "/api/cache/clear", ["200", .. ApiProblems] },
        { "post", "/api/cache/clear/profiles", ["200", .. ApiProblems] },
        { "post", "/api/cache/clear/models", ["200", .. ApiProblems] },
        { "get", "/health/live", ["200", "401"] },
        { "get", "/health/ready", ["200", "401", "503"] },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Describes_every_route_of_the_contract_with_its_answers(string method, string path, string[] statuses)
    {
        using var document = JsonDocument.Parse(await GetDocumentAsync());

        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty(path, out var item), $"No path {path}.");
        Assert.True(item.TryGetProperty(method, out var operation), $"No {method} on {path}.");
        Assert.True(operation.TryGetProperty("operationId", out _), $"{method} {path} has no operationId.");
        Assert.True(operation.TryGetProperty("summary", out _), $"{method} {path} has no summary.");
        var responses = operation.GetProperty("responses");
        foreach (var status in statuses)
        {
            Assert.True(responses.TryGetProperty(status, out _), $"{method} {path} does not document {status}.");
        }

        // Problems (RFC 9457) on every /api/* error.
        foreach (var response in responses.EnumerateObject().Where(r => path.StartsWith("/api/", StringComparison.Ordinal) && r.Name[0] is '4' or '5'))
        {
            var content = response.Value.GetProperty("content");
            Assert.True(content.TryGetProperty("application/problem+json", out _), $"{method} {path} {response.Name} is not application/problem+json.");
        }
    }

    [Fact]
    public async Task Documents_limit_and_offset_as_bounded_integers()
    {
        using var document = JsonDocument.Parse(await GetDocumentAsync());

        var parameters = document.RootElement.GetProperty("paths").GetProperty("/api/profiles").GetProperty("get").GetProperty("parameters");
        var schemas = parameters.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        Assert.Equal("integer", schemas["limit"].GetProperty("type").GetString());
        Assert.Equal(1, schemas["limit"].GetProperty("minimum").GetInt32());
        Assert.Equal(1000, schemas["limit"].GetProperty("maximum").GetInt32());
        Assert.Equal("integer", schemas["offset"].GetProperty("type").GetString());
        Assert.Equal(0, schemas["offset"].GetProperty("minimum").GetInt32());
    }

    [Fact]
    public async Task Documents_the_conditional_request_headers_and_the_response_headers()
    {
        using var document = JsonDocument.Parse(await GetDocumentAsync());
        var paths = document.RootElement.GetProperty("paths");
        var profile = paths.GetProperty("/api/profiles/{id}");

        AssertHeaderParameter(profile.GetProperty("get"), "If-None-Match");
        foreach (var method in new[] { "put", "patch", "delete" })
        {
            AssertHeaderParameter(profile.GetProperty(method), "If-Match");
        }

        AssertResponseHeaders(profile.GetProperty("get"), "200", "ETag");
        AssertResponseHeaders(profile.GetProperty("get"), "304", "ETag");
        AssertResponseHeaders(profile.GetProperty("put"), "200", "ETag");
        AssertResponseHeaders(paths.GetProperty("/api/profiles").GetProperty("post"), "201", "ETag", "Location");
        AssertResponseHeaders(paths.GetProperty("/api/models").GetProperty("get"), "503", "Retry-After");

        static void AssertHeaderParameter(JsonElement operation, string name) =>
            Assert.Contains(operation.GetProperty("parameters").EnumerateArray(),
                p => p.GetProperty("in").GetString() == "header" && p.GetProperty("name").GetString() == name);

        static void AssertResponseHeaders(JsonElement operation, string status, params string[] names)
        {
            var headers = operation.GetProperty("responses").GetProperty(status).GetProperty("headers");
            foreach (var name in names)
            {
                Assert.True(headers.TryGetProperty(name, out _), $"The {status} response does not document {name}.");
            }
        }
    }

    [Fact]
    public async Task Serves_the_interactive_page_only_in_development()
    {
        // The fixture's frontends run in the Testing environment; /scalar exists under Development only.
        using var response = await fixture.A.GetAsync("/scalar/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<string> GetDocumentAsync() => OpenApiTools.GetDocumentAsync(fixture.A, TestContext.Current.CancellationToken);
}
