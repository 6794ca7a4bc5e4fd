namespace OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;

/// <summary>One generated request, the statuses the contract allows for it (all 4xx), and what makes it wrong.</summary>
internal sealed record FuzzCase(int Number, string Kind, string Flaw, RawRequest Request, IReadOnlyList<int> Expected)
{
    /// <summary>
    /// A NUL (<c>%00</c>) in the path: Kestrel itself refuses the request line with a bare 400 before any middleware
    /// runs, so no problem body can be asked of the application.
    /// </summary>
    public bool RefusedByServer => Request.Target.Split('?')[0].Contains("%00", StringComparison.Ordinal);
}
