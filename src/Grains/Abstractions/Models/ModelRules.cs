using System.Text.RegularExpressions;

namespace OrleansCache.Models;

/// <summary>The field rules of a model, from the REST contract.</summary>
public static partial class ModelRules
{
    public const int MaxModelsPerSync = 10_000;
    public const int NameMaxLength = 200;
    public const int CapabilityMaxLength = 64;
    public const int MaxCapabilities = 64;
    public const int QueryMaxLength = 200;

    /// <summary>True when <paramref name="key"/> matches <c>[A-Za-z0-9._:/-]{1,200}</c> (a provider or a model id).</summary>
    public static bool IsValidKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    /// <summary>True for a lower-case capability word.</summary>
    public static bool IsValidCapability(string? capability) => capability is not null && CapabilityPattern().IsMatch(capability);

    // \z, not $: in .NET, $ also matches before a final '\n', which let "abc\n" through as a key or capability.
    [GeneratedRegex(@"^[A-Za-z0-9._:/-]{1,200}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CapabilityPattern();
}
