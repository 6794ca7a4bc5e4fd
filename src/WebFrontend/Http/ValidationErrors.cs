namespace OrleansCache.WebFrontend.Http;

/// <summary>The <c>errors</c> of a validation problem: messages keyed by field.</summary>
internal static class ValidationErrors
{
    /// <summary>Adds <paramref name="message"/> to the messages of <paramref name="field"/>.</summary>
    public static void AddError(this Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
