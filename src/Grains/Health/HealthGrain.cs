using Orleans.Concurrency;
using OrleansCache.Storage;

namespace OrleansCache.Health;

/// <summary>A stateless worker on whichever silo the caller reaches: probes the database with one tiny read.</summary>
[StatelessWorker, GrainType("health")]
public sealed class HealthGrain(Database database) : Grain, IHealthGrain
{
    Task IHealthGrain.CheckAsync() => database.ProbeAsync();
}
