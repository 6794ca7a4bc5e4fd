namespace OrleansCache.Grains.Tests.Models;

[CollectionDefinition(Name)]
public sealed class SlowDatabaseClusterCollection : ICollectionFixture<SlowDatabaseClusterFixture>
{
    public const string Name = "slow-database-cluster";
}
