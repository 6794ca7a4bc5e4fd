using System.Collections.Frozen;
using System.Text.RegularExpressions;
using OrleansCache.Api;

namespace OrleansCache.Profiles;

/// <summary>The field rules of a profile, from the REST contract: the one place their limits are written.</summary>
public static partial class ProfileRules
{
    public const int ParamsMaxBytes = 64 * 1024;

    // The id pattern, anchored as clients' regular expressions are ("^...$") and, below, as .NET's are.
    private const string IdBody = "[A-Za-z0-9_-]{1,64}";

    public static readonly FieldRule Id = new("id", FieldType.Text)
    {
        MaxLength = 64,
        Pattern = "^" + IdBody + "$",
        Matches = IsValidId,
        Description = "Assigned by the server unless given on create; cannot change.",
    };

    public static readonly FieldRule Name = new("name", FieldType.Text)
    {
        Required = true,
        MinLength = 1,
        MaxLength = 200,
        Trimmed = true,
        SingleLine = true,
    };

    public static readonly FieldRule Model = new("model", FieldType.Text) { Nullable = true, MaxLength = 200, SingleLine = true };

    public static readonly FieldRule Provider = new("provider", FieldType.Text) { Nullable = true, MaxLength = 200, SingleLine = true };

    public static readonly FieldRule SystemPrompt = new("system_prompt", FieldType.Text) { Nullable = true, MaxLength = 100_000 };

    public static readonly FieldRule Temperature = new("temperature", FieldType.Number) { Nullable = true, Minimum = 0, Maximum = 2 };

    public static readonly FieldRule MaxTokens = new("max_tokens", FieldType.WholeNumber) { Nullable = true, Minimum = 1, Maximum = 10_000_000 };

    public static readonly FieldRule Params = new("params", FieldType.JsonObject)
    {
        Nullable = true,
        MaxBytes = ParamsMaxBytes,
        Description = "Any JSON object of sampling or provider settings.",
    };

    /// <summary>The paging of <c>GET /api/profiles</c>.</summary>
    public static readonly FieldRule Limit = new("limit", FieldType.WholeNumber) { Minimum = 1, Maximum = 1000 };

    public static readonly FieldRule Offset = new("offset", FieldType.WholeNumber) { Minimum = 0 };

    /// <summary>Every field of a profile by its JSON name, the server-owned ones included.</summary>
    public static readonly FrozenDictionary<string, FieldRule> Fields = new FieldRule[]
    {
        Id, Name, Model, Provider, SystemPrompt, Temperature, MaxTokens, Params,
        new("created_at", FieldType.Timestamp) { ServerOwned = true },
        new("updated_at", FieldType.Timestamp) { ServerOwned = true },
        new("version", FieldType.WholeNumber) { ServerOwned = true, Minimum = 1, Description = "Starts at 1 and grows by 1 per write; the ETag." },
    }.ToFrozenDictionary(rule => rule.Name, StringComparer.Ordinal);

    /// <summary>True when <paramref name="id"/> matches <c>[A-Za-z0-9_-]{1,64}</c>.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    // \z, not $: in .NET, $ also matches before a final '\n', which let "abc\n" through as an id.
    [GeneratedRegex("^" + IdBody + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
