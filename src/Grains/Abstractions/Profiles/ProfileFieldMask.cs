namespace OrleansCache.Profiles;

/// <summary>Which client-owned fields a merge patch carries.</summary>
[Flags]
public enum ProfileFieldMask
{
    None = 0,
    Name = 1,
    Model = 2,
    Provider = 4,
    SystemPrompt = 8,
    Temperature = 16,
    MaxTokens = 32,
    Params = 64,
}
