namespace OrleansCache.Silo.Hosting;

/// <summary>
/// Kubernetes hosting (<c>Orleans:Kubernetes:Enabled=true</c>, Microsoft.Orleans.Hosting.Kubernetes): the silo takes
/// its name and address from the pod (<c>POD_NAME</c>, <c>POD_NAMESPACE</c>, <c>POD_IP</c>), its service and cluster ids
/// from <c>ORLEANS_SERVICE_ID</c> / <c>ORLEANS_CLUSTER_ID</c> when the pod sets them, listens on every interface, and
/// deletes the pods of silos the cluster declared dead (its service account needs to list and delete pods).
/// </summary>
public sealed class SiloKubernetesOptions
{
    /// <summary>Whether the silo runs as a Kubernetes pod.</summary>
    public bool Enabled { get; set; }
}
