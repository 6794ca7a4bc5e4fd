namespace OrleansCache.Models;

/// <summary>A row of <c>models</c>. <see cref="Capabilities"/> is the stored JSON array text.</summary>
public sealed record ModelRow(string Provider, string Id, string Name, long? ContextWindow, string Capabilities, bool Enabled, string SyncedAt);
