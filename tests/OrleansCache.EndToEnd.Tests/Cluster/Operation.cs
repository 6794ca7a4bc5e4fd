namespace OrleansCache.EndToEnd.Tests.Cluster;

/// <summary>
/// One request as a client saw it: when it was sent and when its answer arrived (one clock for every client: all
/// run in the test process), through which frontend, for which key, its status (0: no answer at all) and the
/// profile version the answer carried (null when it carried none).
/// </summary>
internal sealed record Operation(int Client, int Frontend, string Key, OperationKind Kind, long Start, long End, int Status, long? Version)
{
    /// <summary>True when the answer was a success (the write is acknowledged; the read saw <see cref="Version"/>).</summary>
    public bool Succeeded => Status is >= 200 and < 300;
}
