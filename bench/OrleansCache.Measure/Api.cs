using System.Net;
using System.Text.Json;

namespace OrleansCache.Measure;

/// <summary>The frontend's REST API, as far as the measurements need it.</summary>
internal sealed class Api(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 2048, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromMinutes(2),
    };

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>GET /api/profiles/{id}; the status code.</summary>
    public async Task<HttpStatusCode> GetProfileAsync(string id)
    {
        using var response = await _http.GetAsync(new Uri($"/api/profiles/{Uri.EscapeDataString(id)}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await response.Content.CopyToAsync(Stream.Null);
        return response.StatusCode;
    }

    /// <summary>GET /api/profiles/{id}; fails unless it answers 200.</summary>
    public async Task ExpectProfileAsync(string id)
    {
        var status = await GetProfileAsync(id);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /api/profiles/{id} answered {(int)status}");
        }
    }

    /// <summary>PATCH /api/profiles/{id} with a merge patch; fails unless it answers 200.</summary>
    public async Task PatchProfileAsync(string id, string patch)
    {
        using var content = new StringContent(patch, System.Text.Encoding.UTF8, "application/merge-patch+json");
        using var response = await _http.PatchAsync(new Uri($"/api/profiles/{Uri.EscapeDataString(id)}", UriKind.Relative), content);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"PATCH /api/profiles/{id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The near copies the frontend holds now, from its <c>/metrics</c>.</summary>
    public async Task<long> NearEntriesAsync()
    {
        var scrape = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = scrape.Split('\n').Single(l => l.StartsWith("orleanscache_near_entries", StringComparison.Ordinal) && !l.StartsWith('#'));
        return long.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>GET /api/cache/stats.</summary>
    public async Task<Stats> StatsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri("/api/cache/stats", UriKind.Relative)));
        var root = document.RootElement;
        var profiles = root.GetProperty("caches").EnumerateArray().First(c => c.GetProperty("name").GetString() == "profiles");
        var database = root.GetProperty("database");
        return new Stats(
            database.GetProperty("reads").GetInt64(),
            profiles.GetProperty("hits").GetInt64(),
            profiles.GetProperty("misses").GetInt64(),
            profiles.GetProperty("size").GetInt64());
    }

    /// <summary>
    /// GETs every id in <paramref name="ids"/>, at most <paramref name="concurrency"/> at a time; fails unless each
    /// answers <paramref name="expected"/>.
    /// </summary>
    public Task GetProfilesAsync(IEnumerable<string> ids, int concurrency, HttpStatusCode expected = HttpStatusCode.OK) =>
        Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, _) =>
        {
            var status = await GetProfileAsync(id);
            if (status != expected)
            {
                throw new InvalidOperationException($"GET /api/profiles/{id} answered {(int)status}, expected {(int)expected}");
            }
        });

    public void Dispose() => _http.Dispose();
}
