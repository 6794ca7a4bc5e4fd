namespace OrleansCache.EndToEnd.Tests.Cluster;

/// <summary>What a request did: a read (GET) or a write (PATCH).</summary>
internal enum OperationKind
{
    Read,
    Write,
}
