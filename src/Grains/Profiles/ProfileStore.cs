using Microsoft.Data.Sqlite;
using OrleansCache.Storage;

namespace OrleansCache.Profiles;

/// <summary>The SQL of the <c>profiles</c> table. Every write is conditional on the version the caller saw.</summary>
public sealed class ProfileStore(SqliteDatabase database)
{
    private const string Columns = "id, name, model, provider, system_prompt, temperature, max_tokens, params, created_at, updated_at, version";

    /// <summary>Reads one profile, or null.</summary>
    public Task<Profile?> FindAsync(string id) =>
        database.RunAsync(session => session.QueryFirstAsync(
            $"SELECT {Columns} FROM profiles WHERE id = $id;",
            p => p.AddWithValue("$id", id),
            Read));

    /// <summary>Reads every profile ordered by <c>created_at</c>, then <c>id</c>.</summary>
    public Task<List<Profile>> ListAsync() =>
        database.RunAsync(session => session.QueryAsync(
            $"SELECT {Columns} FROM profiles ORDER BY created_at, id;",
            static _ => { },
            Read));

    /// <summary>Inserts a new profile; false when the id is taken.</summary>
    public async Task<bool> InsertAsync(Profile profile) =>
        await database.RunAsync(session => session.ExecuteAsync(
            $"""
            INSERT INTO profiles ({Columns})
            VALUES ($id, $name, $model, $provider, $system_prompt, $temperature, $max_tokens, $params, $created_at, $updated_at, $version)
            ON CONFLICT (id) DO NOTHING;
            """,
            p => Bind(p, profile))) == 1;

    /// <summary>Stores <paramref name="profile"/> if the row still has <paramref name="expectedVersion"/>; false otherwise.</summary>
    public async Task<bool> UpdateAsync(Profile profile, long expectedVersion) =>
        await database.RunAsync(session => session.ExecuteAsync(
            """
            UPDATE profiles
            SET name = $name, model = $model, provider = $provider, system_prompt = $system_prompt,
                temperature = $temperature, max_tokens = $max_tokens, params = $params,
                updated_at = $updated_at, version = $version
            WHERE id = $id AND version = $expected;
            """,
            p =>
            {
                Bind(p, profile);
                p.AddWithValue("$expected", expectedVersion);
            })) == 1;

    /// <summary>Deletes the profile if the row still has <paramref name="expectedVersion"/>; false otherwise.</summary>
    public async Task<bool> DeleteAsync(string id, long expectedVersion) =>
        await database.RunAsync(session => session.ExecuteAsync(
            "DELETE FROM profiles WHERE id = $id AND version = $expected;",
            p =>
            {
                p.AddWithValue("$id", id);
                p.AddWithValue("$expected", expectedVersion);
            })) == 1;

    private static void Bind(SqliteParameterCollection p, Profile profile)
    {
        var fields = profile.Fields;
        p.AddWithValue("$id", profile.Id);
        p.AddWithValue("$name", fields.Name);
        p.AddWithValue("$model", (object?)fields.Model ?? DBNull.Value);
        p.AddWithValue("$provider", (object?)fields.Provider ?? DBNull.Value);
        p.AddWithValue("$system_prompt", (object?)fields.SystemPrompt ?? DBNull.Value);
        p.AddWithValue("$temperature", (object?)fields.Temperature ?? DBNull.Value);
        p.AddWithValue("$max_tokens", (object?)fields.MaxTokens ?? DBNull.Value);
        p.AddWithValue("$params", (object?)fields.Params ?? DBNull.Value);
        p.AddWithValue("$created_at", profile.CreatedAt);
        p.AddWithValue("$updated_at", profile.UpdatedAt);
        p.AddWithValue("$version", profile.Version);
    }

    private static Profile Read(SqliteDataReader r) => new(
        r.GetString(0),
        new ProfileFields(
            r.GetString(1),
            r.IsDBNull(2) ? null : r.GetString(2),
            r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4),
            r.IsDBNull(5) ? null : r.GetDouble(5),
            r.IsDBNull(6) ? null : r.GetInt32(6),
            r.IsDBNull(7) ? null : r.GetString(7)),
        r.GetString(8),
        r.GetString(9),
        r.GetInt64(10));
}
