namespace OrleansCache.Cluster;

/// <summary>
/// Where the cluster keeps its membership: Orleans' own configuration keys under <c>Orleans:Clustering</c>, which
/// Orleans applies by itself (<c>ProviderType=AdoNet</c> registers Microsoft.Orleans.Clustering.AdoNet). Absent, a
/// silo runs localhost clustering on one machine and a frontend connects to the gateways of <c>Orleans:Gateway</c>.
/// Read here to validate them before Orleans does, so a mistake is one line naming the key.
/// </summary>
public sealed class MembershipOptions
{
    /// <summary>The configuration section (Orleans' own).</summary>
    public const string Section = "Orleans:Clustering";

    /// <summary>The only provider this product ships: membership in a PostgreSQL table.</summary>
    public const string AdoNet = "AdoNet";

    /// <summary>The only ADO.NET invariant the membership queries are written for.</summary>
    public const string Npgsql = "Npgsql";

    /// <summary><c>AdoNet</c>, or null for localhost clustering (<c>Orleans:Clustering:ProviderType</c>).</summary>
    public string? ProviderType { get; set; }

    /// <summary>The ADO.NET invariant (<c>Orleans:Clustering:Invariant</c>, default <c>Npgsql</c>).</summary>
    public string? Invariant { get; set; }

    /// <summary>The Npgsql connection string of the membership database (<c>Orleans:Clustering:ConnectionString</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>True with <c>ProviderType=AdoNet</c>.</summary>
    public bool IsAdoNet => string.Equals(ProviderType, AdoNet, StringComparison.OrdinalIgnoreCase);
}
