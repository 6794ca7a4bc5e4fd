using System.Net;
using System.Text;
using System.Text.Json;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests;

/// <summary>
/// The frontend process may start before any silo: it is live at once, answers 503 with Retry-After while no
/// silo runs, and becomes ready by itself once one does, with no restart.
/// </summary>
public sealed class FrontendBeforeSiloTests(ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_frontend_started_before_the_silo_answers_503_until_the_silo_starts_then_serves_by_itself()
    {
        await using var system = new SystemUnderTest(output);
        await system.StartFrontendWithoutClusterAsync(Cancellation);
        var frontendPid = system.Frontend.Id;

        using (var live = await system.Http.GetAsync("/health/live", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        using (var ready = await system.Http.GetAsync("/health/ready", Cancellation))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        var id = "e2e_" + Guid.NewGuid().ToString("N");
        using (var unavailable = await system.Http.GetAsync($"/api/profiles/{id}", Cancellation))
        {
            await AssertUnavailableProblemAsync(unavailable);
        }

        using (var content = new StringContent($$"""{ "id": "{{id}}", "name": "Too early" }""", Encoding.UTF8, "application/json"))
        using (var refusedCreate = await system.Http.PostAsync("/api/profiles", content, Cancellation))
        {
            await AssertUnavailableProblemAsync(refusedCreate);
        }

        await system.StartSiloAsync(Cancellation);
        await system.WaitUntilAsync("the same frontend reports ready", ReadyAsync, Cancellation);

        using (var content = new StringContent($$"""{ "id": "{{id}}", "name": "After the silo came up" }""", Encoding.UTF8, "application/json"))
        using (var created = await system.Http.PostAsync("/api/profiles", content, Cancellation))
        {
            var body = await created.Content.ReadAsStringAsync(Cancellation);
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)created.StatusCode}: {body}");
        }

        using (var read = await system.Http.GetAsync($"/api/profiles/{id}", Cancellation))
        {
            var body = await read.Content.ReadAsStringAsync(Cancellation);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)read.StatusCode}: {body}");
            using var profile = JsonDocument.Parse(body);
            Assert.Equal("After the silo came up", profile.RootElement.GetProperty("name").GetString());

            // The create refused while no silo ran left nothing behind: this is the first version.
            Assert.Equal(1, profile.RootElement.GetProperty("version").GetInt64());
        }

        Assert.Equal(frontendPid, system.Frontend.Id);
        Assert.False(system.Frontend.HasExited);

        // One warning when the cluster was found unreachable and one when it answered, whatever the attempts between.
        await system.WaitUntilAsync("the frontend logs that the cluster is back", _ => Task.FromResult(
            system.Frontend.Lines().Any(line => line.Contains("The cluster is reachable again", StringComparison.Ordinal))), Cancellation);
        var lines = system.Frontend.Lines();
        Assert.Single(lines, line => line.Contains("The cluster is not reachable", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("The cluster is reachable again", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));

        async Task<bool> ReadyAsync(CancellationToken cancellationToken)
        {
            using var ready = await system.Http.GetAsync("/health/ready", cancellationToken);
            return ready.StatusCode == HttpStatusCode.OK;
        }
    }

    private static async Task AssertUnavailableProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"Expected 503, got {(int)response.StatusCode}: {body}");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
    }
}
