using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansCache.WebFrontend.Tests.Support;

namespace OrleansCache.WebFrontend.Tests.Http;

/// <summary>A problem's <c>trace_id</c> is the request's W3C trace id, the one its traces and logs carry.</summary>
[Collection(FrontendCollection.Name)]
public sealed class ProblemTraceIdTests(FrontendFixture fixture)
{
    [Fact]
    public async Task A_problem_names_the_trace_id_of_the_traceparent_it_was_sent_with()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/profiles/absent{Guid.NewGuid():N}");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var response = await fixture.A.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(traceId, problem.GetProperty("trace_id").GetString());
        Assert.False(problem.TryGetProperty("traceId", out _), $"The problem still has ASP.NET Core's traceId: {problem}");
    }

    [Theory]
    [InlineData("GET", "/no/such/route", null, HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/profiles", "{ \"name\": 5 }", HttpStatusCode.BadRequest)]
    [InlineData("DELETE", "/api/cache/stats", null, HttpStatusCode.MethodNotAllowed)]
    public async Task Every_kind_of_problem_has_a_trace_id_of_32_hex_digits(string method, string path, string? body, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await fixture.A.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsProblemAsync(response, status);
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("trace_id").GetString());
    }

    [Theory]
    [InlineData("ProblemDetails")]
    [InlineData("HttpValidationProblemDetails")]
    public async Task The_OpenAPI_document_describes_the_trace_id_of_problems(string schema)
    {
        var document = await fixture.A.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var traceId = document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties").GetProperty("trace_id");
        Assert.Equal("string", traceId.GetProperty("type").GetString());
        Assert.Equal("^[0-9a-f]{32}$", traceId.GetProperty("pattern").GetString());
    }
}
