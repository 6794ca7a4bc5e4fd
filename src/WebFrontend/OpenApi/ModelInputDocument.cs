namespace OrleansCache.WebFrontend.OpenApi;

/// <summary>One model of a sync: id and name required; capabilities lower-case words; enabled defaults to true.</summary>
internal sealed record ModelInputDocument(string Id, string Name, long? ContextWindow, IReadOnlyList<string>? Capabilities, bool? Enabled);
