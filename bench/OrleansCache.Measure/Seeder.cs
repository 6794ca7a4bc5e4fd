using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansCache.Profiles;
using OrleansCache.Storage;

namespace OrleansCache.Measure;

/// <summary>
/// Writes profiles p0 … p(N-1) straight into a database file before the silo starts: the product's migrations
/// create the schema, then one transaction inserts every row (through the API this takes minutes for 100,000).
/// The rows are shaped like the ones bench/http/run.sh creates through the API.
/// </summary>
internal static class Seeder
{
    public static string Id(int i) => $"p{i}";

    public static Profile Profile(int i)
    {
        const string Created = "2026-11-24T00:00:00.000Z";
        return new Profile(Id(i), new ProfileFields($"Profile {i}", "gpt-4o", null, "You are a helpful assistant.", 0.7, null, null), Created, Created, 1);
    }

    /// <summary>Creates the database at <paramref name="path"/> with <paramref name="count"/> profiles; the mean size of their JSON as the cache holds it.</summary>
    public static async Task<double> SeedAsync(string path, int count)
    {
        var options = Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" });
        await using (var dialect = new SqliteDialect(options.Value))
        {
            await new SchemaMigrator(dialect, Options.Create(new MembershipDatabaseOptions()), NullLogger<SchemaMigrator>.Instance)
                .MigrateAsync(CancellationToken.None);
        }

        long jsonBytes = 0;
        await using var connection = new SqliteConnection(options.Value.ResolveSqliteConnectionString());
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO profiles (id, name, model, provider, system_prompt, temperature, max_tokens, params, created_at, updated_at, version)
            VALUES ($id, $name, $model, NULL, $system_prompt, $temperature, NULL, NULL, $created_at, $updated_at, 1);
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var model = insert.Parameters.Add("$model", SqliteType.Text);
        var prompt = insert.Parameters.Add("$system_prompt", SqliteType.Text);
        var temperature = insert.Parameters.Add("$temperature", SqliteType.Real);
        var created = insert.Parameters.Add("$created_at", SqliteType.Text);
        var updated = insert.Parameters.Add("$updated_at", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            var profile = Profile(i);
            id.Value = profile.Id;
            name.Value = profile.Fields.Name;
            model.Value = profile.Fields.Model;
            prompt.Value = profile.Fields.SystemPrompt;
            temperature.Value = profile.Fields.Temperature;
            created.Value = profile.CreatedAt;
            updated.Value = profile.UpdatedAt;
            await insert.ExecuteNonQueryAsync();
            jsonBytes += ProfileJson.Serialize(profile).Length;
        }

        await transaction.CommitAsync();
        return count == 0 ? 0 : (double)jsonBytes / count;
    }
}
