namespace OrleansCache.Models;

/// <summary>
/// The answer of a model lookup as the API shows it: UTF-8 JSON (an array for a filter; one object for a single
/// model, or empty when it does not exist), built once per load. Immutable and shared: a hit hands out the
/// cached instance without copying.
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.ModelListing")]
public sealed record ModelListing(
    [property: Id(0)] byte[] Json,
    [property: Id(1)] int Count);
