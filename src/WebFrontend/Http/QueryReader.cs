using System.Globalization;
using OrleansCache.Api;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// Reads query parameters against their <see cref="FieldRule"/>s, adding each error under the parameter's name.
/// A parameter given twice is ambiguous and refused rather than one of its values picked.
/// </summary>
internal static class QueryReader
{
    /// <summary>The one value of the rule's parameter (empty when given without one), or null when absent or refused.</summary>
    public static string? Text(IQueryCollection query, FieldRule rule, Dictionary<string, string[]> errors)
    {
        var values = query[rule.Name];
        if (values.Count > 1)
        {
            errors.AddError(rule.Name, $"{rule.Name} may be given once.");
            return null;
        }

        return values.Count == 0 ? null : values[0] ?? string.Empty;
    }

    /// <summary>The parameter as a string that meets the rule (after <paramref name="normalize"/>), or null.</summary>
    public static string? CheckedText(IQueryCollection query, FieldRule rule, Dictionary<string, string[]> errors, Func<string, string>? normalize = null) =>
        Text(query, rule, errors) is { } text ? FieldReader.Check(normalize is null ? text : normalize(text), rule, rule.Name, errors) : null;

    /// <summary>
    /// The parameter as a whole number within the rule's range, or null. Only ASCII digits: <c>int.TryParse</c> also
    /// takes signs, surrounding white space and trailing NUL characters ("1\0" was read as 1).
    /// </summary>
    public static int? WholeNumber(IQueryCollection query, FieldRule rule, Dictionary<string, string[]> errors)
    {
        if (Text(query, rule, errors) is not { } text)
        {
            return null;
        }

        if (text.Length == 0
            || text.AsSpan().ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            errors.AddError(rule.Name, rule.TypeMessage);
            return null;
        }

        if (!rule.InRange(number))
        {
            errors.AddError(rule.Name, rule.RangeMessage);
            return null;
        }

        return number;
    }

    /// <summary>The parameter as true or false, or null.</summary>
    public static bool? TrueOrFalse(IQueryCollection query, FieldRule rule, Dictionary<string, string[]> errors)
    {
        if (Text(query, rule, errors) is not { } text)
        {
            return null;
        }

        if (!bool.TryParse(text, out var value))
        {
            errors.AddError(rule.Name, rule.TypeMessage);
            return null;
        }

        return value;
    }
}
