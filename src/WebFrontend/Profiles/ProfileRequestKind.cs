namespace OrleansCache.WebFrontend.Profiles;

/// <summary>What a profile body is for: which fields are required and what <c>id</c> may say.</summary>
internal enum ProfileRequestKind
{
    Create,
    Replace,
    Patch,
}
