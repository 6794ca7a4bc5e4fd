using Microsoft.Data.Sqlite;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests;

/// <summary>The silo process creates its SQLite database, with the schema, where <c>Storage:ConnectionString</c> points.</summary>
public sealed class DatabaseLocationTests(ITestOutputHelper output)
{
    private const string DefaultDatabase = "data/orleanscache.db";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, DefaultDatabase)]
    [InlineData("Data Source=relative/folder/cache.db", "relative/folder/cache.db")]
    public async Task The_silo_creates_the_database_with_its_tables_under_the_working_directory(string? connectionString, string expectedPath)
    {
        await using var system = new SystemUnderTest(output) { StorageConnectionString = connectionString };

        await system.StartSiloAsync(Cancellation);

        var database = Path.Combine(system.WorkingDirectory, expectedPath);
        await AssertHasProfilesTableAsync(database);
        if (expectedPath != DefaultDatabase)
        {
            Assert.False(File.Exists(Path.Combine(system.WorkingDirectory, DefaultDatabase)), "The default database was created too.");
        }
    }

    [Fact]
    public async Task The_silo_creates_the_database_at_an_absolute_path_in_a_folder_that_does_not_exist_yet()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), $"orleanscache-e2e-db-{Guid.NewGuid():N}");
        var database = Path.Combine(elsewhere, "nested", "cache.db");
        try
        {
            await using var system = new SystemUnderTest(output) { StorageConnectionString = $"Data Source={database}" };

            await system.StartSiloAsync(Cancellation);

            await AssertHasProfilesTableAsync(database);
            Assert.False(Directory.Exists(Path.Combine(system.WorkingDirectory, "data")), "The silo created data/ in its working directory.");
        }
        finally
        {
            if (Directory.Exists(elsewhere))
            {
                Directory.Delete(elsewhere, recursive: true);
            }
        }
    }

    private static async Task AssertHasProfilesTableAsync(string database)
    {
        Assert.True(File.Exists(database), $"No database at {database}.");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'profiles';";
        Assert.Equal("profiles", await command.ExecuteScalarAsync(Cancellation));
    }
}
