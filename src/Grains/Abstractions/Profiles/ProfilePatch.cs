namespace OrleansCache.Profiles;

/// <summary>
/// A JSON merge patch (RFC 7396) of a profile: the fields named in <see cref="Present"/> take their value
/// from <see cref="Values"/> (null clears an optional field); the others keep their current value.
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.ProfilePatch")]
public sealed record ProfilePatch(
    [property: Id(0)] ProfileFieldMask Present,
    [property: Id(1)] ProfileFields Values)
{
    /// <summary>Applies the patch to <paramref name="current"/>.</summary>
    public ProfileFields ApplyTo(ProfileFields current) => new(
        Pick(ProfileFieldMask.Name, Values.Name, current.Name),
        Pick(ProfileFieldMask.Model, Values.Model, current.Model),
        Pick(ProfileFieldMask.Provider, Values.Provider, current.Provider),
        Pick(ProfileFieldMask.SystemPrompt, Values.SystemPrompt, current.SystemPrompt),
        Pick(ProfileFieldMask.Temperature, Values.Temperature, current.Temperature),
        Pick(ProfileFieldMask.MaxTokens, Values.MaxTokens, current.MaxTokens),
        Pick(ProfileFieldMask.Params, Values.Params, current.Params));

    private T Pick<T>(ProfileFieldMask field, T patched, T current) => (Present & field) != 0 ? patched : current;
}
