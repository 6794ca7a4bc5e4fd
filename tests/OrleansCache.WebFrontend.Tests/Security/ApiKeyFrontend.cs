namespace OrleansCache.WebFrontend.Tests.Security;

/// <summary>
/// A third frontend over the collection's cluster, started with <c>Security:ApiKey</c> set to <see cref="Key"/>;
/// its client sends no key unless a request adds one.
/// </summary>
public sealed class ApiKeyFrontend(FrontendFixture cluster) : IAsyncLifetime
{
    public const string Key = "k3y-For-The-Tests_0123456789";

    public const string HeaderName = "X-Api-Key";

    private FrontendFactory? _factory;

    public HttpClient Client { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new FrontendFactory(cluster.Cluster.Silos[0].ServiceProvider, new Dictionary<string, string> { ["Security:ApiKey"] = Key });
        Client = _factory.CreateLoggingClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
