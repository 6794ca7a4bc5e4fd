namespace OrleansCache.EndToEnd.Tests.Cluster;

/// <summary>Cluster tests start many processes: one at a time, and not beside the reliability suite.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
