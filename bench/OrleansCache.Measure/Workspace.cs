namespace OrleansCache.Measure;

/// <summary>
/// Where a measurement works: a temporary directory for the databases (deleted at the end), an output directory for
/// logs, heap dumps and the tables (kept), and the repository the built processes come from.
/// </summary>
internal sealed class Workspace : IDisposable
{
    private readonly Dictionary<int, (string Path, double JsonBytes)> _seeded = [];

    public Workspace(string repositoryRoot, string outputDirectory)
    {
        RepositoryRoot = repositoryRoot;
        OutputDirectory = Directory.CreateDirectory(outputDirectory).FullName;
        Scratch = Directory.CreateTempSubdirectory("orleanscache-measure-").FullName;
    }

    public string RepositoryRoot { get; }

    public string OutputDirectory { get; }

    public string Scratch { get; }

    /// <summary>A database file of <paramref name="profiles"/> profiles, seeded once per size.</summary>
    public async Task<string> SeedAsync(int profiles)
    {
        if (!_seeded.TryGetValue(profiles, out var seeded))
        {
            var path = Path.Combine(Scratch, $"seed-{profiles}.db");
            seeded = (path, await Seeder.SeedAsync(path, profiles));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _seeded[profiles] = seeded;
        }

        return seeded.Path;
    }

    public double JsonBytes(int profiles) => _seeded[profiles].JsonBytes;

    /// <summary>A copy of a seeded file in a directory of its own (the processes' working directory).</summary>
    public string FreshCopy(string seeded, string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Scratch, name)).FullName;
        var path = Path.Combine(directory, "orleanscache.db");
        File.Copy(seeded, path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Scratch, recursive: true);
    }

    /// <summary>The repository root: the nearest directory up from here that holds OrleansCache.sln.</summary>
    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansCache.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OrleansCache.sln not found above " + AppContext.BaseDirectory);
    }
}
