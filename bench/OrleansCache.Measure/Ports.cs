namespace OrleansCache.Measure;

/// <summary>The loopback ports of one silo and one frontend.</summary>
internal sealed record Ports(int Silo, int Gateway, int Dashboard, int Frontend);
