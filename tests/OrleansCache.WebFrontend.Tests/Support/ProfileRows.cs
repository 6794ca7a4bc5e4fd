using OrleansCache.Testing;

namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Reads and writes rows of the <c>profiles</c> table directly, behind the API's back.</summary>
internal static class ProfileRows
{
    /// <summary>The whole row as one JSON array, to compare before and after; null when there is no row.</summary>
    public static async Task<string?> ReadAsync(this TestDatabase database, string id) =>
        (string?)await database.ScalarAsync(
            TestDatabase.Sql(
                sqlite: """
                    SELECT json_array(id, name, model, provider, system_prompt, temperature, max_tokens, params, created_at, updated_at, version)
                    FROM profiles WHERE id = @id;
                    """,
                postgres: """
                    SELECT json_build_array(id, name, model, provider, system_prompt, temperature, max_tokens, params, created_at, updated_at, version)::text
                    FROM profiles WHERE id = @id;
                    """),
            ("@id", id));

    /// <summary>The row's version; null when there is no row.</summary>
    public static async Task<long?> VersionAsync(this TestDatabase database, string id) =>
        (long?)await database.ScalarAsync("SELECT version FROM profiles WHERE id = @id;", ("@id", id));

    /// <summary>Inserts a profile with only a name, created (and updated) at <paramref name="createdAt"/>, version 1.</summary>
    public static async Task InsertAsync(this TestDatabase database, string id, string name, string createdAt)
    {
        var inserted = await database.ExecuteAsync(
            """
            INSERT INTO profiles (id, name, created_at, updated_at, version)
            VALUES (@id, @name, @created_at, @created_at, 1);
            """,
            ("@id", id),
            ("@name", name),
            ("@created_at", TestDatabase.Timestamp(createdAt)));
        Assert.Equal(1, inserted);
    }

    /// <summary>Renames a profile in the database, leaving its version as it is; asserts the row exists.</summary>
    public static async Task RenameAsync(this TestDatabase database, string id, string name)
    {
        var changed = await database.ExecuteAsync("UPDATE profiles SET name = @name WHERE id = @id;", ("@id", id), ("@name", name));
        Assert.Equal(1, changed);
    }
}
