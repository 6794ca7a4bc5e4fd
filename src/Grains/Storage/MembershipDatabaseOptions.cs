namespace OrleansCache.Storage;

/// <summary>
/// The PostgreSQL database that holds the cluster's membership (<c>Orleans:Clustering:ConnectionString</c> with
/// <c>Orleans:Clustering:ProviderType=AdoNet</c>), when it is not the storage database: the silo migrates it too,
/// so its tables and Orleans' queries exist before membership starts.
/// </summary>
public sealed class MembershipDatabaseOptions
{
    /// <summary>The configuration key of <see cref="ConnectionString"/>.</summary>
    public const string ConnectionStringKey = "Orleans:Clustering:ConnectionString";

    /// <summary>The membership database's Npgsql connection string; null with localhost clustering.</summary>
    public string? ConnectionString { get; set; }
}
