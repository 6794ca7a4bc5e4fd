namespace OrleansCache.Grains.Tests.Models;

[CollectionDefinition(Name)]
public sealed class SmallModelCacheClusterCollection : ICollectionFixture<SmallModelCacheClusterFixture>
{
    public const string Name = "small-model-cache-cluster";
}
