namespace OrleansCache.WebFrontend.Tests;

/// <summary>HTTP tests share one cluster and its two frontends; each test uses its own profile ids.</summary>
[CollectionDefinition(Name)]
public sealed class FrontendCollection : ICollectionFixture<FrontendFixture>
{
    public const string Name = "frontend";
}
