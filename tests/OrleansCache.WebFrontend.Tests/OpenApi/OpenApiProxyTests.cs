using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OrleansCache.Testing;
using OrleansCache.WebFrontend.Tests.Support;

namespace OrleansCache.WebFrontend.Tests.OpenApi;

/// <summary>
/// Real answers against the document: requests of every route, successes and errors, go through Prism's validating
/// proxy (started on the served <c>/openapi/v1.json</c>, in front of a frontend listening on loopback), which checks
/// each request and each answer against the document and names what does not match in its <c>sl-violations</c>
/// header. No answer may violate the document; a request violates it exactly when the API refuses it for a rule the
/// document states (so the document states the rules).
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class OpenApiProxyTests(FrontendFixture fixture)
{
    private const string Json = "application/json";

    [Fact]
    public async Task Every_route_answers_as_the_document_says()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await OpenApiTools.EnsureInstalledAsync(cancellationToken);
        await using var frontend = new FrontendFactory(fixture.Cluster.Silos[0].ServiceProvider, loopback: true);
        var document = await OpenApiTools.SaveDocumentAsync(fixture.A, cancellationToken);

        var port = FreePort();
        var log = new StringBuilder();
        using var prism = OpenApiTools.StartNode(
            "@stoplight/prism-cli/dist/index.js",
            ["proxy", document, frontend.Address.ToString().TrimEnd('/'), "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            log);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.UntilAsync(
                async () => await IsUpAsync(client), up => up, TimeSpan.FromMinutes(1), $"Prism's proxy to answer on port {port}");

            var checks = new List<string>();
            var id = TestIds.New();
            var provider = TestIds.NewProvider();

            await Send(HttpMethod.Post, "/api/profiles", """{"name":"Minimal"}""", HttpStatusCode.Created);
            await Send(HttpMethod.Post, "/api/profiles", $$"""
                {"id":"{{id}}","name":"Full","model":"gpt-4o","provider":"openai","system_prompt":"Be brief.",
                 "temperature":0.2,"max_tokens":4096,"params":{"top_p":0.9} }
                """, HttpStatusCode.Created);
            await Send(HttpMethod.Post, "/api/profiles", $$"""{"id":"{{id}}","name":"Again"}""", HttpStatusCode.Conflict);
            await Send(HttpMethod.Post, "/api/profiles", """{"name":"Hot","temperature":5}""", HttpStatusCode.BadRequest, refusedByDocument: true);
            await Send(HttpMethod.Post, "/api/profiles", """{"model":"gpt-4o"}""", HttpStatusCode.BadRequest, refusedByDocument: true);
            await Send(HttpMethod.Post, "/api/profiles", "name=x", HttpStatusCode.UnsupportedMediaType, refusedByDocument: true, contentType: "text/plain");
            await Send(HttpMethod.Get, "/api/profiles?limit=2&offset=0", null, HttpStatusCode.OK);
            await Send(HttpMethod.Get, "/api/profiles?limit=0", null, HttpStatusCode.BadRequest, refusedByDocument: true);

            var read = await Send(HttpMethod.Get, $"/api/profiles/{id}", null, HttpStatusCode.OK);
            var etag = read.Headers.ETag!.ToString();
            await Send(HttpMethod.Get, $"/api/profiles/{id}", null, HttpStatusCode.NotModified, headers: ("If-None-Match", etag));
            await Send(HttpMethod.Get, $"/api/profiles/{TestIds.New()}", null, HttpStatusCode.NotFound);
            await Send(HttpMethod.Patch, $"/api/profiles/{id}", """{"temperature":0.5}""", HttpStatusCode.OK, contentType: "application/merge-patch+json", headers: ("If-Match", etag));
            await Send(HttpMethod.Patch, $"/api/profiles/{id}", """{"temperature":0.6}""", HttpStatusCode.PreconditionFailed, headers: ("If-Match", etag));
            await Send(HttpMethod.Patch, $"/api/profiles/{id}", """{"max_tokens":"many"}""", HttpStatusCode.BadRequest, refusedByDocument: true);
            await Send(HttpMethod.Patch, $"/api/profiles/{id}", """{"name":"x"}""", HttpStatusCode.BadRequest, headers: ("If-Match", "not an entity tag"));
            await Send(HttpMethod.Put, $"/api/profiles/{id}", """{"name":"Replaced","params":null}""", HttpStatusCode.OK);
            await Send(HttpMethod.Put, $"/api/profiles/{TestIds.New()}", """{"name":"Nobody"}""", HttpStatusCode.NotFound);
            await Send(HttpMethod.Delete, $"/api/profiles/{id}", null, HttpStatusCode.NoContent);
            await Send(HttpMethod.Delete, $"/api/profiles/{id}", null, HttpStatusCode.NotFound);

            await Send(HttpMethod.Post, "/api/models/sync", $$"""{"provider":"{{provider}}","models":[{"id":"family/m1","name":"M1"}]}""", HttpStatusCode.OK);
            await Send(HttpMethod.Post, "/api/models/sync", $$"""
                {"provider":"{{provider}}","prune":true,"models":[{"id":"family/m1","name":"M1","context_window":8192,"capabilities":["chat"],"enabled":false}]}
                """, HttpStatusCode.OK);
            await Send(HttpMethod.Post, "/api/models/sync", $$"""{"provider":"{{provider}}","models":[{"id":"m2"}]}""", HttpStatusCode.BadRequest, refusedByDocument: true);
            await Send(HttpMethod.Get, $"/api/models?provider={provider}&capability=chat&enabled=false&q=m1", null, HttpStatusCode.OK);
            await Send(HttpMethod.Get, "/api/models?enabled=maybe", null, HttpStatusCode.BadRequest, refusedByDocument: true);
            await Send(HttpMethod.Get, $"/api/models/{provider}/family%2Fm1", null, HttpStatusCode.OK);
            await Send(HttpMethod.Get, $"/api/models/{provider}/none", null, HttpStatusCode.NotFound);

            await Send(HttpMethod.Get, "/api/cache/stats", null, HttpStatusCode.OK);
            await Send(HttpMethod.Post, "/api/cache/clear/models", null, HttpStatusCode.OK);
            await Send(HttpMethod.Post, "/api/cache/clear/profiles", null, HttpStatusCode.OK);
            await Send(HttpMethod.Post, "/api/cache/clear", null, HttpStatusCode.OK);
            await Send(HttpMethod.Get, "/health/live", null, HttpStatusCode.OK);
            await Send(HttpMethod.Get, "/health/ready", null, HttpStatusCode.OK);

            // Last: the server closes the connection after a 413 without reading the body, and Prism would send the
            // next request on that connection.
            await Send(HttpMethod.Post, "/api/profiles", "{\"name\":\"" + new string('x', 1_100_000) + "\"}", HttpStatusCode.RequestEntityTooLarge, refusedByDocument: true);

            TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', checks));
            Assert.DoesNotContain(checks, line => line.StartsWith("WRONG", StringComparison.Ordinal));

            async Task<HttpResponseMessage> Send(
                HttpMethod method, string path, string? body, HttpStatusCode expected,
                bool refusedByDocument = false, string contentType = Json, (string Name, string Value)? headers = null)
            {
                using var request = new HttpRequestMessage(method, path);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8);
                    request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
                }

                if (headers is { } header)
                {
                    request.Headers.TryAddWithoutValidation(header.Name, header.Value);
                }

                var response = await client.SendAsync(request, cancellationToken);
                var violations = Violations(response);
                var answer = violations.Where(v => v.StartsWith("response", StringComparison.Ordinal)).ToList();
                var asked = violations.Where(v => v.StartsWith("request", StringComparison.Ordinal)).ToList();
                var right = response.StatusCode == expected && answer.Count == 0 && asked.Count > 0 == refusedByDocument;
                checks.Add($"{(right ? "ok" : "WRONG")} {method} {Shorten(path)} -> {(int)response.StatusCode} (expected {(int)expected}); " +
                    $"request violations: [{string.Join("; ", asked)}]{(refusedByDocument ? " (expected some)" : string.Empty)}; " +
                    $"answer violations: [{string.Join("; ", answer)}]");
                return response;
            }
        }
        finally
        {
            prism.Kill(entireProcessTree: true);
            await prism.WaitForExitAsync(CancellationToken.None);
            TestContext.Current.TestOutputHelper?.WriteLine($"Prism:\n{log}");
        }
    }

    // Prism's violations of one exchange, each as "request.body.temperature: message" or "response.body: message".
    private static List<string> Violations(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("sl-violations", out var values))
        {
            return [];
        }

        var found = new List<string>();
        foreach (var value in values)
        {
            using var violations = JsonDocument.Parse(value);
            foreach (var violation in violations.RootElement.EnumerateArray())
            {
                var location = string.Join('.', violation.GetProperty("location").EnumerateArray().Select(part => part.ToString()));
                found.Add($"{location}: {violation.GetProperty("message").GetString()}");
            }
        }

        return found;
    }

    private static async Task<bool> IsUpAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Shorten(string path) => path.Length > 80 ? path[..80] + "..." : path;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
