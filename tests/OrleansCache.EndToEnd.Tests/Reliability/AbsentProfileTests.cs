using System.Net;
using System.Text;
using OrleansCache.EndToEnd.Tests.Reliability.Load;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// Requests for a profile that does not exist, through the real frontend over HTTP, 2,000 at a time from 64
/// keep-alive connections: every one answers 404 (never 503), the id's one database read is shared by all of them,
/// and every lookup is counted in the stats.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class AbsentProfileTests(ITestOutputHelper output)
{
    private const int Requests = 2_000;
    private const int Concurrency = 64;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bursts_for_a_never_created_or_just_deleted_id_all_answer_404_after_one_read()
    {
        await using var system = new SystemUnderTest(output);
        system.FrontendArguments.Add("--Logging:LogLevel:OrleansCache.Requests=Warning");
        await system.StartAsync(Cancellation);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency };
        using var client = new HttpClient(handler) { BaseAddress = system.FrontendUrl, Timeout = TimeSpan.FromSeconds(30) };

        // A never-created id: GET, then PUT, then DELETE, each a burst of its own.
        var never = $"absent-{Guid.NewGuid():N}";
        await BurstAsync(system, client, "GET of a never-created id", HttpMethod.Get, never, expectedReads: 1, expectedLookups: Requests);

        var unknownPut = $"absent-{Guid.NewGuid():N}";
        await BurstAsync(system, client, "PUT of a never-created id", HttpMethod.Put, unknownPut, expectedReads: 1, expectedLookups: 0);

        var unknownDelete = $"absent-{Guid.NewGuid():N}";
        await BurstAsync(system, client, "DELETE of a never-created id", HttpMethod.Delete, unknownDelete, expectedReads: 1, expectedLookups: 0);

        // An id deleted just before: the grain that deleted it knows it is gone.
        var deleted = $"deleted-{Guid.NewGuid():N}";
        using (var create = await client.PostAsync("/api/profiles", Json($$"""{"id":"{{deleted}}","name":"doomed"}"""), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        using (var delete = await client.DeleteAsync($"/api/profiles/{deleted}", Cancellation))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await BurstAsync(system, client, "GET of a just-deleted id", HttpMethod.Get, deleted, expectedReads: 0, expectedLookups: Requests);

        // And a create right after all those 404s is seen by the very next read.
        using (var create = await client.PostAsync("/api/profiles", Json($$"""{"id":"{{never}}","name":"born"}"""), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        using var read = await client.GetAsync($"/api/profiles/{never}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("\"born\"", await read.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    private async Task BurstAsync(SystemUnderTest system, HttpClient client, string name, HttpMethod method, string id, long expectedReads, long expectedLookups)
    {
        var before = await CacheStats.ReadAsync(system.Http, Cancellation);
        var statuses = new int[Requests];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < Requests; i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(method, $"/api/profiles/{id}");
                if (method == HttpMethod.Put)
                {
                    request.Content = Json("""{"name":"replaced"}""");
                }

                using var response = await client.SendAsync(request, Cancellation);
                statuses[i] = (int)response.StatusCode;
            }
        })));

        var growth = await CacheStats.ReadAsync(system.Http, Cancellation) - before;
        var answers = string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}"));
        output.WriteLine($"[figures] {name}: {answers}; database reads {growth.DatabaseReads}, writes {growth.DatabaseWrites}, lookups counted {growth.ProfileLookups}");
        Assert.All(statuses, status => Assert.Equal(404, status));
        Assert.Equal(expectedReads, growth.DatabaseReads);
        Assert.Equal(0, growth.DatabaseWrites);
        Assert.Equal(expectedLookups, growth.ProfileLookups);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
