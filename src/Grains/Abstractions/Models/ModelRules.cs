using System.Collections.Frozen;
using System.Text.RegularExpressions;
using OrleansCache.Api;

namespace OrleansCache.Models;

/// <summary>The field rules of a model and of a sync, from the REST contract: the one place their limits are written.</summary>
public static partial class ModelRules
{
    public const int MaxModelsPerSync = 10_000;

    // The patterns, anchored as clients' regular expressions are ("^...$") and, below, as .NET's are.
    private const string KeyBody = "[A-Za-z0-9._:/-]{1,200}";
    private const string CapabilityBody = "[a-z0-9][a-z0-9_.-]{0,63}";
    private const string KeyRegex = "^" + KeyBody + "$";
    private const string CapabilityRegex = "^" + CapabilityBody + "$";

    /// <summary>A provider, in a sync or a filter (compared case-insensitively; stored lower-case).</summary>
    public static readonly FieldRule Provider = new("provider", FieldType.Text)
    {
        Required = true,
        MaxLength = 200,
        Pattern = KeyRegex,
        Matches = IsValidKey,
    };

    public static readonly FieldRule Models = new("models", FieldType.List) { Required = true, MaxItems = MaxModelsPerSync };

    public static readonly FieldRule Prune = new("prune", FieldType.TrueOrFalse)
    {
        Description = "true deletes the provider's models that are not listed; false when absent.",
    };

    public static readonly FieldRule Id = new("id", FieldType.Text) { Required = true, MaxLength = 200, Pattern = KeyRegex, Matches = IsValidKey };

    public static readonly FieldRule Name = new("name", FieldType.Text)
    {
        Required = true,
        MinLength = 1,
        MaxLength = 200,
        Trimmed = true,
        SingleLine = true,
    };

    public static readonly FieldRule ContextWindow = new("context_window", FieldType.WholeNumber) { Nullable = true, Minimum = 1 };

    /// <summary>Lower-case words; stored sorted and de-duplicated (upper case is lowered).</summary>
    public static readonly FieldRule Capabilities = new("capabilities", FieldType.List)
    {
        Nullable = true,
        MaxItems = 64,
        Pattern = CapabilityRegex,
        Matches = IsValidCapability,
        Description = "Lower-case words (letters, digits, '_', '.', '-'), stored sorted and de-duplicated; none when absent.",
    };

    public static readonly FieldRule Enabled = new("enabled", FieldType.TrueOrFalse) { Description = "true when absent." };

    /// <summary>The <c>q</c> filter: a case-insensitive substring of the id or the name.</summary>
    public static readonly FieldRule Query = new("q", FieldType.Text) { MaxLength = 200 };

    /// <summary>The <c>capability</c> filter (compared case-insensitively).</summary>
    public static readonly FieldRule Capability = new("capability", FieldType.Text) { MaxLength = 64, Pattern = CapabilityRegex, Matches = IsValidCapability };

    /// <summary>The fields of a sync body by JSON name.</summary>
    public static readonly FrozenDictionary<string, FieldRule> SyncFields =
        new[] { Provider, Models, Prune }.ToFrozenDictionary(rule => rule.Name, StringComparer.Ordinal);

    /// <summary>The fields of a model by JSON name, the server-owned ones included.</summary>
    public static readonly FrozenDictionary<string, FieldRule> ModelFields = new FieldRule[]
    {
        Id, Name, ContextWindow, Capabilities, Enabled,
        Provider with { Required = false, ServerOwned = true, Description = "The model's provider: in a sync, the sync's." },
        new("synced_at", FieldType.Timestamp) { ServerOwned = true },
    }.ToFrozenDictionary(rule => rule.Name, StringComparer.Ordinal);

    /// <summary>True when <paramref name="key"/> matches <c>[A-Za-z0-9._:/-]{1,200}</c> (a provider or a model id).</summary>
    public static bool IsValidKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    /// <summary>True for a lower-case capability word.</summary>
    public static bool IsValidCapability(string? capability) => capability is not null && CapabilityPattern().IsMatch(capability);

    // \z, not $: in .NET, $ also matches before a final '\n', which let "abc\n" through as a key or capability.
    [GeneratedRegex("^" + KeyBody + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^" + CapabilityBody + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex CapabilityPattern();
}
