using System.Text.RegularExpressions;

namespace OrleansCache.Profiles;

/// <summary>The field rules of a profile, from the REST contract.</summary>
public static partial class ProfileRules
{
    public const int IdMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int ModelMaxLength = 200;
    public const int ProviderMaxLength = 200;
    public const int SystemPromptMaxLength = 100_000;
    public const double TemperatureMin = 0;
    public const double TemperatureMax = 2;
    public const int MaxTokensMin = 1;
    public const int MaxTokensMax = 10_000_000;
    public const int ParamsMaxBytes = 64 * 1024;
    public const int ListLimitMax = 1000;

    /// <summary>True when <paramref name="id"/> matches <c>[A-Za-z0-9_-]{1,64}</c>.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    // \z, not $: in .NET, $ also matches before a final '\n', which let "abc\n" through as an id.
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
