
namespace OrleansCache.Health;

/// <summary>Answers whether the cluster can serve requests: a silo runs this grain, and it can reach the database.</summary>
[Alias("cache.IHealthGrain")]
public interface IHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Completes when the database answers; throws <see cref="DatabaseUnavailableException"/> when it does not.</summary>
    [Alias("check")]
    Task CheckAsync();
}
