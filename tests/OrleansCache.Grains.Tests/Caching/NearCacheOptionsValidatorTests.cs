using OrleansCache.Caching;

namespace OrleansCache.Grains.Tests.Caching;

/// <summary>The near cache's settings: a lease a change can wait out within its callers' timeout, and a positive bound.</summary>
public sealed class NearCacheOptionsValidatorTests
{
    [Theory]
    [InlineData("00:00:00.001", 1, true)]
    [InlineData("00:00:08", 10_000, true)]
    [InlineData("00:00:00", 10_000, false)]
    [InlineData("00:00:08.001", 10_000, false)]
    [InlineData("00:01:00", 10_000, false)]
    [InlineData("00:00:05", 0, false)]
    public void Accepts_a_positive_lease_of_at_most_eight_seconds_and_at_least_one_entry(string lease, int maxEntries, bool valid)
    {
        var options = new NearCacheOptions { Lease = TimeSpan.Parse(lease, System.Globalization.CultureInfo.InvariantCulture), MaxEntries = maxEntries };

        var result = new NearCacheOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void A_change_is_waited_for_longer_than_the_longest_lease_it_may_wait_out()
    {
        var timeout = TimeSpan.Parse(NearCacheOptions.ChangeResponseTimeout, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(timeout - NearCacheOptions.MaxLease >= TimeSpan.FromSeconds(4), $"{timeout} leaves too little beyond a lease of {NearCacheOptions.MaxLease} for the commit.");
    }
}
