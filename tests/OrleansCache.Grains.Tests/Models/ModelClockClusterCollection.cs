namespace OrleansCache.Grains.Tests.Models;

[CollectionDefinition(Name)]
public sealed class ModelClockClusterCollection : ICollectionFixture<ModelClockClusterFixture>
{
    public const string Name = "model-clock-cluster";
}
