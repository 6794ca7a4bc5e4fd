namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// The switch between the short reliability suite (what <c>dotnet test</c> and CI run) and the full one:
/// set <c>ORLEANSCACHE_RELIABILITY=full</c> for the long soak, more kills and more fuzz cases.
/// </summary>
internal static class Suite
{
    /// <summary>The environment variable that selects the full suite.</summary>
    public const string Variable = "ORLEANSCACHE_RELIABILITY";

    /// <summary>True when <c>ORLEANSCACHE_RELIABILITY=full</c>.</summary>
    public static bool Full { get; } =
        string.Equals(Environment.GetEnvironmentVariable(Variable), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="full"/> in the full suite, <paramref name="short"/> otherwise.</summary>
    public static T Pick<T>(T @short, T full) => Full ? full : @short;
}
