using System.Reflection;
using OrleansCache.Storage;

namespace OrleansCache.Testing;

/// <summary>
/// The database every fixture of this test run uses: SQLite unless the test assembly says
/// <c>[assembly: AssemblyMetadata("OrleansCache.Storage", "postgres")]</c>. The <c>*.Postgres</c> test projects compile
/// the same test sources as their SQLite twins with that one attribute added, so every storage behaviour runs
/// against both databases without a second copy of a test.
/// </summary>
public static class TestStorage
{
    /// <summary>The assembly metadata key that selects the provider.</summary>
    public const string MetadataKey = "OrleansCache.Storage";

    /// <summary><c>sqlite</c> or <c>postgres</c>, as <c>Storage:Provider</c> spells it.</summary>
    public static string Provider { get; } =
        Assembly.GetEntryAssembly()?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == MetadataKey)?.Value ?? StorageOptions.Sqlite;

    /// <summary>True when this run's database is PostgreSQL.</summary>
    public static bool IsPostgres => Provider == StorageOptions.Postgres;
}
