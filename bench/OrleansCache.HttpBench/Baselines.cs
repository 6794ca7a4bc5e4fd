using Microsoft.Extensions.Options;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansCache.Models;
using OrleansCache.Profiles;
using OrleansCache.Storage;
using StackExchange.Redis;

namespace OrleansCache.HttpBench;

/// <summary>
/// The baselines the cached routes are measured against. Each answers like <c>GET /api/profiles/{id}</c> or
/// <c>GET /api/models</c> (the id checked, the same problems, stored JSON written as it is), and differs only in
/// where the JSON comes from:
/// <list type="bullet">
/// <item><c>/bench/ceiling/…</c>: bytes read once (profiles by <c>POST /bench/ceiling/load</c>, each model filter on
/// its first request) and then served from a dictionary, with no grain call: what this frontend can do at most.</item>
/// <item><c>/bench/sqlite/…</c>: the row read and the JSON built on every request, through the silo's own data access.</item>
/// <item><c>/bench/redis/…</c>: cache-aside over Redis: GET; on a miss read SQLite, then SET with the product's TTL.</item>
/// </list>
/// Settings: <c>Bench:Database</c> (the silo's SQLite connection string) and <c>Bench:Redis</c> (a
/// StackExchange.Redis configuration string; without it the Redis routes answer 503).
/// </summary>
internal static class Baselines
{
    /// <summary>The product's TTLs (<c>Cache:Profiles:Ttl</c>, <c>Cache:Models:Ttl</c> defaults).</summary>
    private static readonly TimeSpan ProfileTtl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ModelTtl = TimeSpan.FromSeconds(300);

    public static void AddServices(WebApplicationBuilder builder)
    {
        var database = builder.Configuration["Bench:Database"]
            ?? throw new InvalidOperationException("Bench:Database (the silo's SQLite connection string) is required.");
        var services = builder.Services;
        services.Configure<StorageOptions>(options => options.ConnectionString = database);
        services.AddSingleton<SqlDialect>(sp => new SqliteDialect(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<StatementCounter>();
        services.AddSingleton<Database>();
        services.AddSingleton<ProfileStore>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ModelStore>();
        services.AddSingleton<Ceiling>();
        services.AddSingleton(new RedisCache(builder.Configuration["Bench:Redis"]));
    }

    public static void Map(WebApplication app)
    {
        var bench = app.MapGroup("/bench").ExcludeFromDescription();

        bench.MapPost("/ceiling/load", async (Ceiling ceiling) => TypedResults.Ok(new { profiles = await ceiling.LoadProfilesAsync() }));
        bench.MapGet("/ceiling/profiles/{id}", (string id, HttpRequest request, Ceiling ceiling) =>
            !ProfileRules.IsValidId(id) ? InvalidId() : Answer(id, request, ceiling.Find(id)));
        bench.MapGet("/ceiling/models", async (HttpRequest request, Ceiling ceiling) =>
            ReadModelQuery(request) is { } query ? (IResult)new JsonBytes((await ceiling.GetModelsAsync(query)).Json) : InvalidQuery());

        bench.MapGet("/sqlite/profiles/{id}", async (string id, HttpRequest request, ProfileStore store) =>
            !ProfileRules.IsValidId(id) ? InvalidId() : Answer(id, request, Snapshot(await store.FindAsync(id))));
        bench.MapGet("/sqlite/models", async (HttpRequest request, ModelStore store) =>
            ReadModelQuery(request) is { } query ? (IResult)new JsonBytes((await store.LoadAsync(query)).Json) : InvalidQuery());

        bench.MapGet("/redis/profiles/{id}", async (string id, HttpRequest request, RedisCache redis, ProfileStore store) =>
            !ProfileRules.IsValidId(id) ? InvalidId() : Answer(id, request, await redis.GetProfileAsync(id, store)));
        bench.MapGet("/redis/models", async (HttpRequest request, RedisCache redis, ModelStore store) =>
            ReadModelQuery(request) is { } query ? (IResult)new JsonBytes(await redis.GetModelsAsync(query, store)) : InvalidQuery());
    }

    /// <summary>What <c>GET /api/profiles/{id}</c> answers for a profile (or none).</summary>
    private static IResult Answer(string id, HttpRequest request, ProfileSnapshot? profile)
    {
        if (profile is null)
        {
            return TypedResults.Problem($"No profile has id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var etag = $"\"{profile.Version}\"";
        return request.Headers.IfNoneMatch == etag ? new JsonBytes([], etag, StatusCodes.Status304NotModified) : new JsonBytes(profile.Json, etag);
    }

    // The filters of GET /api/models, read more loosely than the frontend does (which only makes the baselines cheaper).
    private static ModelQuery? ReadModelQuery(HttpRequest request)
    {
        var query = request.Query;
        bool? enabled = null;
        if (query["enabled"] is [{ } text])
        {
            if (!bool.TryParse(text, out var parsed))
            {
                return null;
            }

            enabled = parsed;
        }

        return ModelQuery.List(query["provider"], query["capability"], enabled, query["q"]);
    }

    private static ValidationProblem InvalidId() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["id"] = ["id must match ^[A-Za-z0-9_-]{1,64}$."] }, title: "Invalid request");

    private static ValidationProblem InvalidQuery() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["enabled"] = ["enabled must be true or false."] }, title: "Invalid request");

    internal static ProfileSnapshot? Snapshot(Profile? profile) =>
        profile is null ? null : new ProfileSnapshot(ProfileJson.Serialize(profile), profile.Version);

    /// <summary>Bytes read once, then served from memory.</summary>
    internal sealed class Ceiling(ProfileStore profiles, ModelStore models)
    {
        private readonly ConcurrentDictionary<ModelQuery, Lazy<Task<ModelListing>>> _models = new();
        private FrozenDictionary<string, ProfileSnapshot> _profiles = FrozenDictionary<string, ProfileSnapshot>.Empty;

        public async Task<int> LoadProfilesAsync()
        {
            var rows = await profiles.ListAsync();
            _profiles = rows.ToFrozenDictionary(p => p.Id, p => Snapshot(p)!, StringComparer.Ordinal);
            return _profiles.Count;
        }

        public ProfileSnapshot? Find(string id) => _profiles.GetValueOrDefault(id);

        public Task<ModelListing> GetModelsAsync(ModelQuery query) =>
            _models.GetOrAdd(query, q => new Lazy<Task<ModelListing>>(() => models.LoadAsync(q))).Value;
    }

    /// <summary>Cache-aside over Redis with StackExchange.Redis: one multiplexed connection for the process.</summary>
    internal sealed class RedisCache(string? configuration) : IDisposable
    {
        // Connects at start and, should Redis not answer yet, keeps retrying in the background (AbortOnConnectFail off).
        private readonly ConnectionMultiplexer? _connection = configuration is null ? null : ConnectionMultiplexer.Connect(
            new ConfigurationOptions { EndPoints = { configuration }, AbortOnConnectFail = false });

        private IDatabase Database =>
            _connection?.GetDatabase() ?? throw new DatabaseUnavailableException("Bench:Redis is not set.");

        /// <summary>The value is the version (8 bytes, little-endian) followed by the JSON.</summary>
        public async Task<ProfileSnapshot?> GetProfileAsync(string id, ProfileStore store)
        {
            var key = (RedisKey)("profile:" + id);
            var cached = await Database.StringGetAsync(key);
            if (cached.HasValue)
            {
                var value = (byte[])cached!;
                return new ProfileSnapshot(value.AsSpan(sizeof(long)).ToArray(), BinaryPrimitives.ReadInt64LittleEndian(value));
            }

            var profile = Snapshot(await store.FindAsync(id));
            if (profile is not null)
            {
                var value = new byte[sizeof(long) + profile.Json.Length];
                BinaryPrimitives.WriteInt64LittleEndian(value, profile.Version);
                profile.Json.CopyTo(value, sizeof(long));
                await Database.StringSetAsync(key, value, ProfileTtl);
            }

            return profile;
        }

        public async Task<byte[]> GetModelsAsync(ModelQuery query, ModelStore store)
        {
            var key = (RedisKey)$"models:{query.Provider}|{query.Capability}|{query.Enabled}|{query.Q}";
            var cached = await Database.StringGetAsync(key);
            if (cached.HasValue)
            {
                return (byte[])cached!;
            }

            var listing = await store.LoadAsync(query);
            await Database.StringSetAsync(key, listing.Json, ModelTtl);
            return listing.Json;
        }

        public void Dispose() => _connection?.Dispose();
    }

    /// <summary>Stored JSON written as it is, as the frontend writes a cached answer.</summary>
    private sealed class JsonBytes(byte[] json, string? etag = null, int statusCode = StatusCodes.Status200OK) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            if (etag is not null)
            {
                response.Headers.ETag = etag;
            }

            if (statusCode == StatusCodes.Status304NotModified)
            {
                return Task.CompletedTask;
            }

            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = json.Length;
            return response.Body.WriteAsync(json, httpContext.RequestAborted).AsTask();
        }
    }
}
