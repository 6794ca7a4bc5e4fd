using OrleansCache.Caching;
using OrleansCache.Grains.Tests.Models;
using OrleansCache.Models;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Caching;

/// <summary>
/// The model catalog's side of the near-cache protocol on the two-silo cluster: it grants leases on cached answers,
/// and a sync or a clear is acknowledged only after every holder whose lease runs confirmed the invalidation (or its
/// lease ran out).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelNearLeaseTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_lookup_grants_a_lease_of_at_most_Cache_Near_Lease_and_a_sync_invalidates_every_holder_before_it_is_acknowledged()
    {
        var provider = ModelTestData.NewProvider();
        await ModelTestData.SyncAsync(fixture.Client, provider, prune: false, ModelTestData.Model("m1", "one"));
        var holder = new RecordingNearCache();
        var bystander = new RecordingNearCache();
        fixture.Client.CreateObjectReference<INearCache>(bystander);

        var grant = await fixture.GrainFactoryOfSilo(1).GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key)
            .GetNearAsync(ModelQuery.List(provider, null, null, null), fixture.Client.CreateObjectReference<INearCache>(holder));
        Assert.Equal(["one"], ModelTestData.Names(grant.Listing));
        Assert.InRange(grant.Lease, TimeSpan.FromTicks(1), new NearCacheOptions().Lease);

        await ModelTestData.SyncAsync(fixture.Client, provider, prune: false, ModelTestData.Model("m1", "changed"));
        Assert.Single(holder.ModelInvalidations);

        // The sync revoked that lease: the next one tells no one who has not looked again.
        await ModelTestData.SyncAsync(fixture.Client, provider, prune: false, ModelTestData.Model("m1", "again"));
        Assert.Single(holder.ModelInvalidations);
        Assert.Empty(bystander.ModelInvalidations);
    }

    [Fact]
    public async Task A_clear_of_the_model_cache_invalidates_the_holders_too()
    {
        var provider = ModelTestData.NewProvider();
        await ModelTestData.SyncAsync(fixture.Client, provider, prune: false, ModelTestData.Model("m1", "one"));
        var holder = new RecordingNearCache();
        await ModelTestData.Catalog(fixture.Client).GetNearAsync(ModelQuery.One(provider, "m1"), fixture.Client.CreateObjectReference<INearCache>(holder));

        await fixture.Client.GetGrain<ICacheControlGrain>(0).ClearAsync(profiles: false, models: true);

        Assert.Single(holder.ModelInvalidations);
    }

    [Fact]
    public async Task A_holder_that_never_confirms_delays_a_sync_only_until_its_lease_ends()
    {
        var provider = ModelTestData.NewProvider();
        await ModelTestData.SyncAsync(fixture.Client, provider, prune: false, ModelTestData.Model("m1", "one"));
        var paused = new RecordingNearCache { Unresponsive = true };
        await ModelTestData.Catalog(fixture.Client).GetNearAsync(ModelQuery.List(provider, null, null, null), fixture.Client.CreateObjectReference<INearCache>(paused));

        var result = await ModelTestData.SyncAsync(fixture.Client, provider, prune: false, ModelTestData.Model("m1", "two"))
            .WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Updated);
        Assert.Single(paused.ModelInvalidations);
        Assert.Equal(["two"], ModelTestData.Names(await ModelTestData.Catalog(fixture.Client).GetAsync(ModelQuery.List(provider, null, null, null))));
    }
}
