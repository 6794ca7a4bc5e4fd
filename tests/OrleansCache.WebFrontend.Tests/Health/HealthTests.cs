using System.Net;

namespace OrleansCache.WebFrontend.Tests.Health;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> with the cluster up, through both frontends. (A frontend with no
/// cluster behind it is not ready; that needs real processes and is tested end to end.)
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class HealthTests(FrontendFixture fixture)
{
    [Fact]
    public async Task Live_answers_200_while_the_process_runs()
    {
        foreach (var frontend in new[] { fixture.A, fixture.B })
        {
            await AssertHealthyAsync(frontend, "/health/live");
        }
    }

    [Fact]
    public async Task Ready_answers_200_when_the_cluster_and_the_database_answer()
    {
        foreach (var frontend in new[] { fixture.A, fixture.B })
        {
            await AssertHealthyAsync(frontend, "/health/ready");
        }
    }

    private static async Task AssertHealthyAsync(HttpClient frontend, string route)
    {
        using var response = await frontend.GetAsync(route, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 from {route}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("Healthy", body);
    }
}
