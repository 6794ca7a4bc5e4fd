using System.Text.Json.Nodes;

namespace OrleansCache.Profiles;

/// <summary>
/// A JSON merge patch (RFC 7396) of a profile: the fields named in <see cref="Present"/> take their value
/// from <see cref="Values"/> (null clears an optional field); the others keep their current value. An object
/// given for <c>params</c> is merged into the current one the same way, recursively (a null member removes it).
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
        (Present & ProfileFieldMask.Params) != 0 ? MergeParams(current.Params, Values.Params) : current.Params);

    private static string? MergeParams(string? current, string? patch)
    {
        if (patch is null)
        {
            return null;
        }

        var target = current is null ? [] : JsonNode.Parse(current) as JsonObject ?? [];
        Merge(target, JsonNode.Parse(patch)!.AsObject());
        return target.ToJsonString();
    }

    // RFC 7396 section 2: null removes a member, an object merges into the member (or into {} when the member is
    // not an object), anything else replaces it.
    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject)
            {
                if (target[name] is not JsonObject targetObject)
                {
                    targetObject = [];
                    target[name] = targetObject;
                }

                Merge(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }

    private T Pick<T>(ProfileFieldMask field, T patched, T current) => (Present & field) != 0 ? patched : current;
}
