using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests;

/// <summary>
/// The silo's database goes away and comes back while both processes keep running: meanwhile writes answer
/// 503 with Retry-After and the frontend is not ready; afterwards everything works again, with no restart.
/// </summary>
/// <remarks>
/// The tests run as root, which ignores file permissions, so a chmod breaks nothing. Instead the folder that
/// holds the database is renamed away and a plain file takes its name: opening the database then fails
/// (SQLite "unable to open database file") whoever runs the silo, and renaming the folder back restores it
/// untouched. The silo is told not to pool connections (<c>Pooling=False</c>): a pooled connection keeps its
/// open file handles and would go on using the renamed file, so with pooling the outage would only show once
/// the pool opened a new connection.
/// </remarks>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task While_the_database_cannot_be_opened_writes_answer_503_and_the_frontend_is_not_ready_until_it_is_back()
    {
        await using var system = new SystemUnderTest(output);
        var folder = Path.Combine(system.WorkingDirectory, "db");
        var database = Path.Combine(folder, "cache.db");
        system.StorageConnectionString = $"Data Source={database};Pooling=False";
        await system.StartAsync(Cancellation);
        var siloPid = system.Silo.Id;
        var frontendPid = system.Frontend.Id;

        var id = "e2e_" + Guid.NewGuid().ToString("N");
        using (var content = new StringContent($$"""{ "id": "{{id}}", "name": "before" }""", Encoding.UTF8, "application/json"))
        using (var created = await system.Http.PostAsync("/api/profiles", content, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var away = folder + ".away";
        Directory.Move(folder, away);
        await File.WriteAllTextAsync(folder, "not a folder", Cancellation);
        try
        {
            using (var refused = await PatchNameAsync(system, id, "during"))
            {
                var body = await refused.Content.ReadAsStringAsync(Cancellation);
                Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"Expected 503, got {(int)refused.StatusCode}: {body}");
                Assert.NotNull(refused.Headers.RetryAfter);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                Assert.DoesNotContain("SQLite Error", body, StringComparison.OrdinalIgnoreCase);
            }

            using (var creating = new StringContent($$"""{ "name": "during" }""", Encoding.UTF8, "application/json"))
            using (var refusedCreate = await system.Http.PostAsync("/api/profiles", creating, Cancellation))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedCreate.StatusCode);
                Assert.NotNull(refusedCreate.Headers.RetryAfter);
            }

            using (var ready = await system.Http.GetAsync("/health/ready", Cancellation))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            Assert.False(system.Silo.HasExited, "The silo exited while its database was unavailable." + Environment.NewLine + system.Silo.OutputTail());
        }
        finally
        {
            File.Delete(folder);
            Directory.Move(away, folder);
        }

        await system.WaitUntilAsync("the frontend is ready again", ReadyAsync, Cancellation);

        // The refused write changed nothing, in the cache or in the database: the next write makes version 2.
        using (var read = await system.Http.GetAsync($"/api/profiles/{id}", Cancellation))
        {
            var profile = await ParseAsync(read, HttpStatusCode.OK);
            Assert.Equal("before", profile.GetProperty("name").GetString());
            Assert.Equal(1, profile.GetProperty("version").GetInt64());
        }

        using (var patched = await PatchNameAsync(system, id, "after"))
        {
            var profile = await ParseAsync(patched, HttpStatusCode.OK);
            Assert.Equal(2, profile.GetProperty("version").GetInt64());
        }

        Assert.Equal((2L, "after"), await ReadStoredAsync(database, id));
        Assert.Equal(siloPid, system.Silo.Id);
        Assert.Equal(frontendPid, system.Frontend.Id);
        Assert.False(system.Silo.HasExited);
        Assert.False(system.Frontend.HasExited);

        async Task<bool> ReadyAsync(CancellationToken cancellationToken)
        {
            using var ready = await system.Http.GetAsync("/health/ready", cancellationToken);
            return ready.StatusCode == HttpStatusCode.OK;
        }
    }

    private static async Task<HttpResponseMessage> PatchNameAsync(SystemUnderTest system, string id, string name)
    {
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/profiles/{id}")
        {
            Content = new StringContent($$"""{ "name": "{{name}}" }""", Encoding.UTF8, "application/merge-patch+json"),
        };
        return await system.Http.SendAsync(patch, Cancellation);
    }

    private static async Task<JsonElement> ParseAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static async Task<(long Version, string Name)> ReadStoredAsync(string database, string id)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM profiles WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        Assert.True(await reader.ReadAsync(Cancellation), $"No row for {id}.");
        return (reader.GetInt64(0), reader.GetString(1));
    }
}
