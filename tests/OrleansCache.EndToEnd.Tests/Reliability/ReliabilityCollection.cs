namespace OrleansCache.EndToEnd.Tests.Reliability;

/// <summary>
/// The heavy reliability tests (crash safety, soak, resource abuse): they run one at a time and alone, so their
/// load, memory and database figures are their own and one does not starve another into a false failure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability";
}
