using System.Globalization;

namespace OrleansCache.Api;

/// <summary>
/// One field of the API's JSON, as the REST contract rules it: its type, whether it is required and may be null,
/// and its limits. The tables of these rules (<see cref="Profiles.ProfileRules"/>, <see cref="Models.ModelRules"/>)
/// are the one place a limit is written: the body and query readers check with them and word their messages from
/// them, and the OpenAPI document shows them.
/// </summary>
public sealed record FieldRule(string Name, FieldType Type)
{
    /// <summary>The field must be present (on a create or a full replace).</summary>
    public bool Required { get; init; }

    /// <summary>null is accepted (and clears the field).</summary>
    public bool Nullable { get; init; }

    /// <summary>Set by the server: a client may send back what it read, and it is ignored.</summary>
    public bool ServerOwned { get; init; }

    public int? MinLength { get; init; }

    /// <summary>The most characters (Unicode scalar values) of a string.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The length is counted after trimming white space, and the trimmed text is kept.</summary>
    public bool Trimmed { get; init; }

    /// <summary>No control characters (a one-line value).</summary>
    public bool SingleLine { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    /// <summary>The most items of an array.</summary>
    public int? MaxItems { get; init; }

    /// <summary>The largest compact serialized form of an object, in bytes.</summary>
    public int? MaxBytes { get; init; }

    /// <summary>The regular expression a string (or each item of an array) matches, as shown to clients.</summary>
    public string? Pattern { get; init; }

    /// <summary>The check of <see cref="Pattern"/>.</summary>
    public Func<string, bool>? Matches { get; init; }

    /// <summary>What the field is, for the OpenAPI document.</summary>
    public string? Description { get; init; }

    /// <summary>"name must be a string." (or "... a string or null.").</summary>
    public string TypeMessage => $"{Name} must be {Type switch
    {
        FieldType.Number => "a number",
        FieldType.WholeNumber => "an integer",
        FieldType.TrueOrFalse => "true or false",
        FieldType.JsonObject => "a JSON object",
        FieldType.List => "an array",
        _ => "a string",
    }}{(Nullable ? " or null" : string.Empty)}.";

    public string RequiredMessage => $"{Name} is required.";

    public string NullMessage => $"{Name} cannot be null.";

    /// <summary>"name must have 1 to 200 characters after trimming." or "model must have at most 200 characters."</summary>
    public string LengthMessage => (MinLength is { } min ? $"{Name} must have {min} to {MaxLength} characters" : $"{Name} must have at most {MaxLength} characters")
        + (Trimmed ? " after trimming." : ".");

    /// <summary>"temperature must be between 0 and 2." or "offset must be at least 0."</summary>
    public string RangeMessage => Maximum is { } max
        ? $"{Name} must be between {Format(Minimum)} and {Format(max)}."
        : $"{Name} must be at least {Format(Minimum)}.";

    public string PatternMessage => $"{Name} must match {Pattern}.";

    public string SingleLineMessage => $"{Name} must not contain control characters.";

    public string MaxItemsMessage => $"{Name} must have at most {MaxItems} items.";

    public string MaxBytesMessage => $"{Name} must be at most {MaxBytes / 1024} KiB when serialized.";

    /// <summary>True when <paramref name="value"/> is within <see cref="Minimum"/> and <see cref="Maximum"/>.</summary>
    public bool InRange(double value) => !(value < Minimum) && !(value > Maximum);

    private static string Format(double? value) => value?.ToString("#,0.##", CultureInfo.InvariantCulture) ?? "?";
}
