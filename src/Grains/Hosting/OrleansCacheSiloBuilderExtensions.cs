using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansCache.Caching;
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

        // One activation per grain, even while silos join, leave or die: Orleans' strongly consistent in-cluster
        // directory hands its ranges over on every membership change (and recovers them after a crash) instead of
        // letting a lookup during the change create a second activation that would answer reads with what the
        // first one replaced. Experimental in Orleans 10, and the reason a profile read is never older than an
        // acknowledged write while the cluster changes (tests/…/Cluster prove it with a history checker).
#pragma warning disable ORLEANSEXP003
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

        // After a silo dies, the directory would by default refuse new activations of its grains for up to 30 s, in
        // case the silo is only cut off and still serving them. A cut-off silo serves nobody (its clients lose it as
        // the survivors do, and it stops when it learns it was declared dead), and a paused one serves nothing until it
        // resumes, long after any such hold: the hold would only keep the survivors from serving those grains.
        services.Configure<GrainDirectoryOptions>(options => options.RangeLeaseDuration = TimeSpan.Zero);

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<MembershipDatabaseOptions>().Configure(options =>
        {
            // Orleans' own keys: with AdoNet clustering the membership tables live in this (PostgreSQL) database.
            if (configuration["Orleans:Clustering:ProviderType"] is { Length: > 0 })
            {
                options.ConnectionString = configuration[MembershipDatabaseOptions.ConnectionStringKey];
            }
        });
        services.AddOptions<ProfileCacheOptions>().Bind(configuration.GetSection(ProfileCacheOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProfileCacheOptions>, ProfileCacheOptionsValidator>();
        services.AddOptions<NearCacheOptions>().Bind(configuration.GetSection(NearCacheOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NearCacheOptions>, NearCacheOptionsValidator>();
        services.AddOptions<ModelCacheOptions>().Bind(configuration.GetSection(ModelCacheOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelCacheOptions>, ModelCacheOptionsValidator>();

        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SchemaMigrator>());

        services.AddSingleton<SqlDialect>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value is { IsPostgres: true } storage
            ? new PostgresDialect(storage.ConnectionString!)
            : new SqliteDialect(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<StatementCounter>();
        services.AddSingleton<Database>();
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<ProfileCacheEpoch>();
        services.AddKeyedSingleton<IControllable>(ProfileCacheEpoch.ProviderName, (sp, _) => sp.GetRequiredService<ProfileCacheEpoch>());
        services.AddSingleton<CacheCounters>();
        services.AddKeyedSingleton<IControllable>(CacheCounters.ProviderName, (sp, _) => sp.GetRequiredService<CacheCounters>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CacheStatsReporter>();
        services.AddSingleton<CacheMetrics>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<CacheMetrics>());

        // Cumulative counters live in Orleans grain storage in the same database, as readable JSON, in the schema
        // the migrations create (the provider ships none).
        silo.AddAdoNetGrainStorage(StorageNames.CacheStats, options => options.Configure<SqlDialect>((adoNet, dialect) =>
        {
            adoNet.Invariant = dialect.OrleansInvariant;
            adoNet.ConnectionString = dialect.ConnectionString;
        }));
        services.AddOptions<SystemTextJsonGrainStorageSerializerOptions>();
        services.AddKeyedSingleton<IGrainStorageSerializer, SystemTextJsonGrainStorageSerializer>(StorageNames.CacheStats);

        return silo;
    }
}
