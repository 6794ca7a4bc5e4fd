using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansCache.Models;
using OrleansCache.Profiles;
using OrleansCache.Statistics;
using OrleansCache.Storage;

namespace OrleansCache.Hosting;

/// <summary>Registers OrleansCache's grains' services on a silo.</summary>
public static class OrleansCacheSiloBuilderExtensions
{
    /// <summary>
    /// Adds the database (migrated when the silo starts), the profile and model stores, the cache counters and the
    /// validated options bound from <paramref name="configuration"/> (<c>Storage</c>, <c>Cache:Profiles</c>, <c>Cache:Models</c>).
    /// </summary>
    public static ISiloBuilder AddOrleansCache(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<ProfileCacheOptions>().Bind(configuration.GetSection(ProfileCacheOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProfileCacheOptions>, ProfileCacheOptionsValidator>();
        services.AddOptions<ModelCacheOptions>().Bind(configuration.GetSection(ModelCacheOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelCacheOptions>, ModelCacheOptionsValidator>();

        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SchemaMigrator>());

        services.AddSingleton<StatementCounter>();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<CacheCounters>();
        services.AddKeyedSingleton<IControllable>(CacheCounters.ProviderName, (sp, _) => sp.GetRequiredService<CacheCounters>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CacheStatsReporter>();
        services.AddSingleton<CacheMetrics>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<CacheMetrics>());

        // Cumulative counters live in Orleans grain storage on the same SQLite file, as readable JSON, in the
        // schema the migrations create (the provider ships none).
        silo.AddAdoNetGrainStorage(StorageNames.CacheStats, options => options.Configure<IOptions<StorageOptions>>((adoNet, storage) =>
        {
            adoNet.Invariant = "System.Data.SQLite"; // Orleans' name for Microsoft.Data.Sqlite
            adoNet.ConnectionString = storage.Value.ResolveConnectionString();
        }));
        services.AddOptions<SystemTextJsonGrainStorageSerializerOptions>();
        services.AddKeyedSingleton<IGrainStorageSerializer, SystemTextJsonGrainStorageSerializer>(StorageNames.CacheStats);

        return silo;
    }
}
