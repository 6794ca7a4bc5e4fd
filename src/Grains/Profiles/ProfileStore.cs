using OrleansCache.Storage;

namespace OrleansCache.Profiles;

/// <summary>The SQL of the <c>profiles</c> table, the same on both databases. Every write is conditional on the version the caller saw.</summary>
public sealed class ProfileStore(Database database)
{
    private const string Columns = "id, name, model, provider, system_prompt, temperature, max_tokens, params, created_at, updated_at, version";

    /// <summary>Reads one profile, or null.</summary>
    public Task<Profile?> FindAsync(string id) =>
        database.RunAsync(session => session.QueryFirstAsync(
            $"SELECT {Columns} FROM profiles WHERE id = @id;",
            p => p.Add("@id", id),
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
            VALUES (@id, @name, @model, @provider, @system_prompt, @temperature, @max_tokens, @params, @created_at, @updated_at, @version)
            ON CONFLICT (id) DO NOTHING;
            """,
            p => Bind(p, profile))) == 1;

    /// <summary>Stores <paramref name="profile"/> if the row still has <paramref name="expectedVersion"/>; false otherwise.</summary>
    public async Task<bool> UpdateAsync(Profile profile, long expectedVersion) =>
        await database.RunAsync(session => session.ExecuteAsync(
            """
            UPDATE profiles
            SET name = @name, model = @model, provider = @provider, system_prompt = @system_prompt,
                temperature = @temperature, max_tokens = @max_tokens, params = @params,
                updated_at = @updated_at, version = @version
            WHERE id = @id AND version = @expected;
            """,
            p =>
            {
                Bind(p, profile);
                p.Add("@expected", expectedVersion);
            })) == 1;

    /// <summary>Deletes the profile if the row still has <paramref name="expectedVersion"/>; false otherwise.</summary>
    public async Task<bool> DeleteAsync(string id, long expectedVersion) =>
        await database.RunAsync(session => session.ExecuteAsync(
            "DELETE FROM profiles WHERE id = @id AND version = @expected;",
            p =>
            {
                p.Add("@id", id);
                p.Add("@expected", expectedVersion);
            })) == 1;

    private static void Bind(SqlParameters p, Profile profile)
    {
        var fields = profile.Fields;
        p.Add("@id", profile.Id);
        p.Add("@name", fields.Name);
        p.Add("@model", fields.Model);
        p.Add("@provider", fields.Provider);
        p.Add("@system_prompt", fields.SystemPrompt);
        p.Add("@temperature", fields.Temperature);
        p.Add("@max_tokens", fields.MaxTokens);
        p.AddJson("@params", fields.Params);
        p.AddTimestamp("@created_at", profile.CreatedAt);
        p.AddTimestamp("@updated_at", profile.UpdatedAt);
        p.Add("@version", profile.Version);
    }

    private static Profile Read(SqlRow r) => new(
        r.GetString(0),
        new ProfileFields(
            r.GetString(1),
            r.GetNullableString(2),
            r.GetNullableString(3),
            r.GetNullableString(4),
            r.GetNullableDouble(5),
            r.GetNullableInt32(6),
            r.GetNullableString(7)),
        r.GetTimestamp(8),
        r.GetTimestamp(9),
        r.GetInt64(10));
}
