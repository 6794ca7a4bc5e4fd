using Orleans.Configuration;

namespace OrleansCache.Silo.Hosting;

/// <summary>
/// How fast the cluster notices a silo that died, and how it treats the rows such silos leave behind. Orleans'
/// defaults are made for large clusters on busy networks (a dead silo is declared after about 15 s of missed
/// probes, heartbeats go to the table every 30 s, dead rows stay 7 days); a cache tier wants a killed silo's
/// grains serving again from the survivors within 10 s. Operators may tune any of Orleans' own
/// <see cref="ClusterMembershipOptions"/> under <c>Orleans:Membership</c>; these are the defaults beneath them.
/// </summary>
public static class MembershipTiming
{
    /// <summary>The configuration section for Orleans' <see cref="ClusterMembershipOptions"/>.</summary>
    public const string Section = "Orleans:Membership";

    /// <summary>Sets this product's defaults.</summary>
    public static void ApplyDefaults(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Each silo probes its peers every second; three missed probes (plus indirect probes through other silos,
        // so one slow link is not taken for a death) make a suspicion, two suspicions a death. A busy silo may
        // stretch its probe timeout up to 3 s before it counts a miss.
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.MaxProbeTimeout = TimeSpan.FromSeconds(3);
        options.NumMissedProbesLimit = 3;
        options.NumVotesForDeathDeclaration = 2;
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);

        // Heartbeats in the table every 5 s: a silo that joins ignores a row whose heartbeat is older than 3 of them,
        // so a cluster restarted after every silo was killed does not wait minutes for the old rows to age out.
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        options.NumMissedTableIAmAliveLimit = 3;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);

        // Dead silos' rows (every kill and restart leaves one) are deleted after an hour, checked every 10 minutes.
        options.DefunctSiloExpiration = TimeSpan.FromHours(1);
        options.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
    }
}
