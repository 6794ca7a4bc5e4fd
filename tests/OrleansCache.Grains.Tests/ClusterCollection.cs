using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests;

/// <summary>Grain tests share one two-silo cluster; each test uses its own profile ids.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
