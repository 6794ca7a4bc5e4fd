using OrleansCache.Profiles;

namespace OrleansCache.Grains.Tests.Profiles;

public sealed class ProfilePatchTests
{
    private static readonly ProfileFields Current = new("name", "model", "provider", "prompt", 1.0, 100, """{"a":1}""");

    [Fact]
    public void Present_fields_replace_and_null_clears_while_absent_fields_stay()
    {
        var values = new ProfileFields("ignored", null, "other", null, null, 7, null);
        var patch = new ProfilePatch(ProfileFieldMask.Model | ProfileFieldMask.Provider | ProfileFieldMask.MaxTokens, values);

        Assert.Equal(Current with { Model = null, Provider = "other", MaxTokens = 7 }, patch.ApplyTo(Current));
    }

    [Fact]
    public void An_empty_patch_changes_nothing()
    {
        Assert.Equal(Current, new ProfilePatch(ProfileFieldMask.None, new ProfileFields("x", null, null, null, null, null, null)).ApplyTo(Current));
    }
}
