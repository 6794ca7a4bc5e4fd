namespace OrleansCache.Storage;

/// <summary>One versioned schema step, from an embedded <c>NNNN_name.sql</c> file.</summary>
public sealed record Migration(int Version, string Name, string Sql);
