using System.Text.Json;
using OrleansCache.Profiles;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Profiles;

/// <summary>Ids, fields and direct database access shared by the profile tests.</summary>
internal static class ProfileTestData
{
    public static string NewId() => "t" + Guid.NewGuid().ToString("N");

    public static ProfileFields Fields(string name = "Coding assistant") =>
        new(name, "gpt-4o", "openai", "You are terse.", 0.2, 4096, """{"top_p":0.9}""");

    /// <summary>Inserts a row directly, as another tool would, so no grain has seen it yet.</summary>
    public static Task InsertRowAsync(TestDatabase database, string id, string name, long version = 1) =>
        database.ExecuteAsync(
            """
            INSERT INTO profiles (id, name, created_at, updated_at, version)
            VALUES (@id, @name, @created_at, @created_at, @version);
            """,
            ("@id", id), ("@name", name), ("@created_at", TestDatabase.Timestamp("2026-01-01T00:00:00.000Z")), ("@version", version));

    /// <summary>Changes a row behind the cache's back.</summary>
    public static Task<int> EditRowAsync(TestDatabase database, string id, string name, long version) =>
        database.ExecuteAsync(
            "UPDATE profiles SET name = @name, version = @version WHERE id = @id;",
            ("@id", id), ("@name", name), ("@version", version));

    /// <summary>The profile hits and misses counted by all <paramref name="counts"/>.</summary>
    public static (long Hits, long Misses) Sum(IEnumerable<OrleansCache.Statistics.SiloCacheCounts> counts) =>
        counts.Aggregate((0L, 0L), (sum, c) => (sum.Item1 + c.Totals.ProfileHits, sum.Item2 + c.Totals.ProfileMisses));

    public static JsonElement Parse(ProfileSnapshot snapshot) => JsonDocument.Parse(snapshot.Json).RootElement;

    public static string NameOf(ProfileResult result) =>
        Parse(result.Profile ?? throw new InvalidOperationException($"No profile: {result.Outcome}")).GetProperty("name").GetString()!;
}
