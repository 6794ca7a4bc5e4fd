using System.Net;
using System.Net.Http.Headers;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// Both processes started with <c>Security:ApiKey</c>, the frontend and the silo's dashboard and <c>/metrics</c>
/// bound to a non-loopback address of this machine: every route of the frontend (read from its own OpenAPI
/// document, plus health, OpenAPI and unknown paths) and every route of the silo (<c>/</c>, the dashboard and its
/// API, the cache page and its data, <c>/metrics</c>) answers 401 without the key, with a wrong one, and with the key anywhere but where it
/// belongs (query string, body, bearer token); with the key each works. Then every line both processes wrote, and
/// every file in their working directory, is searched for the key and the wrong key: none may appear.
/// </summary>
public sealed class SecretsTests(ITestOutputHelper output)
{
    private const string ProfileId = "sec_kept";
    private const string DeletedId = "sec_gone";
    private const string Provider = "secprov";
    private const string ModelId = "m1";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_an_API_key_no_route_of_either_process_answers_without_it_and_no_output_holds_it()
    {
        var address = NonLoopbackAddress();
        Assert.SkipWhen(address is null, "This machine has no non-loopback IPv4 address to bind to.");

        var key = "sk_" + RandomNumberGenerator.GetHexString(40, lowercase: true);
        var wrongKey = "sk_" + RandomNumberGenerator.GetHexString(40, lowercase: true);
        await using var system = new SystemUnderTest(output);
        var dashboard = new Uri($"http://{address}:{FreePort(address!)}");
        var remoteFrontend = new Uri($"http://{address}:{FreePort(address!)}");
        system.SiloArguments.AddRange([$"--Security:ApiKey={key}", $"--Dashboard:Urls={Authority(dashboard)}", "--Dashboard:AllowRemote=true"]);
        system.FrontendArguments.AddRange([$"--Security:ApiKey={key}", $"--Urls={Authority(system.FrontendUrl)};{Authority(remoteFrontend)}"]);
        system.Http.DefaultRequestHeaders.Add("X-Api-Key", key);
        await system.StartAsync(Cancellation);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = SystemUnderTest.Patience };
        await system.WaitUntilAsync($"{dashboard}metrics answers with the key", async ct =>
        {
            try
            {
                using var response = await http.SendAsync(Request(HttpMethod.Get, new Uri(dashboard, "/metrics"), headerKey: key), ct);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, Cancellation);
        await SeedAsync(system.Http);

        var frontendRoutes = await FrontendRoutesAsync(system.Http);
        output.WriteLine($"[secrets] frontend routes from /openapi/v1.json: {string.Join(", ", frontendRoutes.Select(r => $"{r.Method} {r.Template}"))}");
        Assert.Contains(frontendRoutes, r => r.Template == "/api/profiles/{id}" && r.Method == HttpMethod.Delete);
        Assert.Contains(frontendRoutes, r => r.Template == "/api/models/sync");
        frontendRoutes.AddRange(
        [
            new("/health/live", HttpMethod.Get, HttpStatusCode.OK),
            new("/health/ready", HttpMethod.Get, HttpStatusCode.OK),
            new("/openapi/v1.json", HttpMethod.Get, HttpStatusCode.OK),
            new("/metrics", HttpMethod.Get, HttpStatusCode.OK),
            new("/no/such/route", HttpMethod.Get, HttpStatusCode.NotFound),
            new("/api/no-such-route", HttpMethod.Post, HttpStatusCode.NotFound),
            new("/scalar", HttpMethod.Get, HttpStatusCode.NotFound),
        ]);
        var siloRoutes = SiloRoutes();

        // Everything refused first, through both addresses of the frontend and the silo's non-loopback one.
        var refused = 0;
        foreach (var route in frontendRoutes)
        {
            foreach (var server in new[] { system.FrontendUrl, remoteFrontend })
            {
                refused += await AssertRefusedAsync(http, server, route, key, wrongKey, basicAllowed: false);
            }
        }

        foreach (var route in siloRoutes)
        {
            refused += await AssertRefusedAsync(http, dashboard, route, key, wrongKey, basicAllowed: true);
        }

        // Then with the key: each route works (the delete last, on a profile of its own).
        foreach (var route in frontendRoutes.OrderBy(r => r.Method == HttpMethod.Delete))
        {
            using var response = await http.SendAsync(Request(route.Method, new Uri(remoteFrontend, route.Path), route.Body, headerKey: key), Cancellation);
            Assert.True(response.StatusCode == route.WithKey, $"{route.Method} {route.Path} with the key: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        }

        foreach (var route in siloRoutes.Where(r => r.WithKey != HttpStatusCode.Unauthorized))
        {
            using var response = await http.SendAsync(Request(route.Method, new Uri(dashboard, route.Path), headerKey: key), Cancellation);
            Assert.True(response.StatusCode == route.WithKey, $"{route.Method} {route.Path} on the silo with the key: {(int)response.StatusCode}");
            using var basic = await http.SendAsync(Request(route.Method, new Uri(dashboard, route.Path), basicPassword: key), Cancellation);
            Assert.True(basic.StatusCode == route.WithKey, $"{route.Method} {route.Path} on the silo with the key as Basic password: {(int)basic.StatusCode}");
        }

        using (var metrics = await http.SendAsync(Request(HttpMethod.Get, new Uri(dashboard, "/metrics"), headerKey: key), Cancellation))
        {
            Assert.Contains("orleanscache_", await metrics.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }

        output.WriteLine($"[secrets] {frontendRoutes.Count} frontend routes, {siloRoutes.Count} silo routes, {refused} refused requests");

        // Stopped gracefully, so every log line has been written out.
        Assert.Equal(0, await system.Frontend.StopAsync(SystemUnderTest.Patience, Cancellation));
        Assert.Equal(0, await system.StopSiloAsync(Cancellation));
        var written = new Dictionary<string, string>
        {
            ["silo output"] = system.Silo.OutputTail(int.MaxValue),
            ["frontend output"] = system.Frontend.OutputTail(int.MaxValue),
        };
        foreach (var file in Directory.EnumerateFiles(system.WorkingDirectory, "*", SearchOption.AllDirectories))
        {
            written[file] = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, Cancellation));
        }

        Assert.True(written["frontend output"].Split('\n').Length > 10, "The frontend wrote (almost) nothing; the search below would prove little.");
        foreach (var (where, text) in written)
        {
            foreach (var (name, secret) in new[] { ("the key", key), ("the wrong key", wrongKey), ("the key's random part", key[3..23]) })
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{name} appears in {where}");
            }
        }

        output.WriteLine($"[secrets] searched {written.Count} outputs and files ({written.Values.Sum(t => t.Length)} characters): the key appears nowhere");
    }

    /// <summary>Sends the route every wrong way; each must answer 401 (as problem+json). Returns how many were sent.</summary>
    private static async Task<int> AssertRefusedAsync(HttpClient http, Uri server, Route route, string key, string wrongKey, bool basicAllowed)
    {
        var url = new Uri(server, route.Path);
        var inQuery = new Uri(server, route.Path + (route.Path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"api_key={key}&X-Api-Key={key}&key={key}");
        var bodyWithKey = route.Body is null
            ? $$"""{ "api_key": "{{key}}", "X-Api-Key": "{{key}}" }"""
            : route.Body.TrimEnd().TrimEnd('}') + $$""", "api_key": "{{key}}", "x_api_key": "{{key}}" }""";
        var attempts = new List<(string What, HttpRequestMessage Request)>
        {
            ("no key", Request(route.Method, url, route.Body)),
            ("a wrong key", Request(route.Method, url, route.Body, headerKey: wrongKey)),
            ("the key in the query string", Request(route.Method, inQuery, route.Body)),
            ("the key in the body", Request(route.Method, url, bodyWithKey)),
            ("the key as a bearer token", Request(route.Method, url, route.Body, bearer: key)),
            ("the wrong key as Basic password", Request(route.Method, url, route.Body, basicPassword: wrongKey)),
            ("the key in a differently named header", Request(route.Method, url, route.Body, otherHeader: key)),
        };
        if (!basicAllowed)
        {
            attempts.Add(("the key as Basic password (the frontend takes X-Api-Key only)", Request(route.Method, url, route.Body, basicPassword: key)));
        }

        foreach (var (what, request) in attempts)
        {
            using (request)
            using (var response = await http.SendAsync(request, Cancellation))
            {
                var body = await response.Content.ReadAsStringAsync(Cancellation);
                Assert.True(
                    response.StatusCode == HttpStatusCode.Unauthorized,
                    $"{route.Method} {url} with {what}: expected 401, got {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.NotEmpty(response.Headers.WwwAuthenticate);
                if (basicAllowed)
                {
                    Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
                }

                Assert.DoesNotContain(key, body, StringComparison.Ordinal);
            }
        }

        return attempts.Count;
    }

    private static HttpRequestMessage Request(
        HttpMethod method, Uri url, string? body = null, string? headerKey = null, string? bearer = null, string? basicPassword = null, string? otherHeader = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (headerKey is not null)
        {
            request.Headers.Add("X-Api-Key", headerKey);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (basicPassword is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + basicPassword)));
        }

        if (otherHeader is not null)
        {
            request.Headers.Add("Api-Key", otherHeader);
            request.Headers.Add("X-Api-Key-", otherHeader);
        }

        return request;
    }

    private static async Task SeedAsync(HttpClient keyed)
    {
        foreach (var id in new[] { ProfileId, DeletedId })
        {
            using var content = new StringContent($$"""{ "id": "{{id}}", "name": "Kept" }""", Encoding.UTF8, "application/json");
            using var created = await keyed.PostAsync("/api/profiles", content, Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var models = new StringContent($$"""{ "provider": "{{Provider}}", "models": [ { "id": "{{ModelId}}", "name": "M" } ] }""", Encoding.UTF8, "application/json");
        using var synced = await keyed.PostAsync("/api/models/sync", models, Cancellation);
        Assert.Equal(HttpStatusCode.OK, synced.StatusCode);
    }

    /// <summary>Every operation of the running frontend's OpenAPI document, made concrete: ids of seeded rows, a valid body.</summary>
    private static async Task<List<Route>> FrontendRoutesAsync(HttpClient keyed)
    {
        using var document = JsonDocument.Parse(await keyed.GetStringAsync("/openapi/v1.json", Cancellation));
        var routes = new List<Route>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var template = path.Name;
                var concrete = template
                    .Replace("{provider}", Provider, StringComparison.Ordinal)
                    .Replace("{id}", template.StartsWith("/api/models/", StringComparison.Ordinal) ? ModelId : method == HttpMethod.Delete ? DeletedId : ProfileId, StringComparison.Ordinal);
                var (body, status) = (method.Method, template) switch
                {
                    ("POST", "/api/profiles") => ("""{ "id": "sec_new", "name": "New" }""", HttpStatusCode.Created),
                    ("PUT", _) => ("""{ "name": "Replaced" }""", HttpStatusCode.OK),
                    ("PATCH", _) => ("""{ "name": "Patched" }""", HttpStatusCode.OK),
                    ("POST", "/api/models/sync") => ($$"""{ "provider": "{{Provider}}", "models": [ { "id": "{{ModelId}}", "name": "M2" } ] }""", HttpStatusCode.OK),
                    ("DELETE", _) => (null, HttpStatusCode.NoContent),
                    _ => ((string?)null, HttpStatusCode.OK),
                };
                Assert.DoesNotContain("{", concrete, StringComparison.Ordinal);
                routes.Add(new Route(concrete, method, status, body, template));
            }
        }

        return routes;
    }

    /// <summary>The silo's web routes: the redirect at <c>/</c>, the dashboard's page, assets and API, <c>/metrics</c>.</summary>
    private static List<Route> SiloRoutes() =>
    [
        new("/", HttpMethod.Get, HttpStatusCode.Redirect),
        new("/dashboard/index.html", HttpMethod.Get, HttpStatusCode.OK),
        new("/dashboard/index.min.js", HttpMethod.Get, HttpStatusCode.OK),
        new("/dashboard/version", HttpMethod.Get, HttpStatusCode.OK),
        new("/dashboard/DashboardCounters", HttpMethod.Get, HttpStatusCode.OK),
        new("/dashboard/ClusterStats", HttpMethod.Get, HttpStatusCode.OK),
        new("/dashboard/GrainTypes", HttpMethod.Get, HttpStatusCode.OK),
        new("/dashboard/TopGrainMethods", HttpMethod.Get, HttpStatusCode.OK),
        new("/dashboard/cache/", HttpMethod.Get, HttpStatusCode.OK),
        new("/dashboard/cache/cache.js", HttpMethod.Get, HttpStatusCode.OK),
        new("/dashboard/cache/data", HttpMethod.Get, HttpStatusCode.OK),
        new("/metrics", HttpMethod.Get, HttpStatusCode.OK),

        // Refused without the key; with it they need more than a plain GET (a stream, a silo address), so only the refusal is checked.
        new("/dashboard", HttpMethod.Get, HttpStatusCode.Unauthorized),
        new("/dashboard/Trace", HttpMethod.Get, HttpStatusCode.Unauthorized),
        new("/dashboard/SiloStats/127.0.0.1:1", HttpMethod.Get, HttpStatusCode.Unauthorized),
        new("/dashboard/Reminders", HttpMethod.Get, HttpStatusCode.Unauthorized),
        new("/no/such/route", HttpMethod.Get, HttpStatusCode.Unauthorized),
        new("/metrics", HttpMethod.Post, HttpStatusCode.Unauthorized),
    ];

    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !a.ToString().StartsWith("169.254.", StringComparison.Ordinal));

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Authority(Uri url) => url.GetLeftPart(UriPartial.Authority);

    private sealed record Route(string Path, HttpMethod Method, HttpStatusCode WithKey, string? Body = null, string? Template = null)
    {
        public string Template { get; } = Template ?? Path;
    }
}
