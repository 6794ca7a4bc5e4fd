namespace OrleansCache.Models;

/// <summary>
/// One model of a sync: <c>id</c> and <c>name</c> required; <c>capabilities</c> lower-case words (none when absent);
/// <c>enabled</c> true when absent.
/// </summary>
public sealed record ModelInputDocument
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public long? ContextWindow { get; init; }

    public IReadOnlyList<string>? Capabilities { get; init; }

    public bool? Enabled { get; init; }
}
