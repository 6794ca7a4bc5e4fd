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

    [Fact]
    public void Params_are_merged_recursively_as_rfc_7396_says()
    {
        var current = Current with { Params = """{"top_p":0.9,"stop":["a"],"nested":{"keep":1,"drop":2},"scalar":3}""" };
        var patch = new ProfilePatch(
            ProfileFieldMask.Params,
            Current with { Params = """{"top_p":null,"seed":7,"nested":{"drop":null,"add":{"x":null,"y":1}},"scalar":{"now":"object"}}""" });

        Assert.Equal(
            """{"stop":["a"],"nested":{"keep":1,"add":{"y":1}},"scalar":{"now":"object"},"seed":7}""",
            patch.ApplyTo(current).Params);
    }

    [Fact]
    public void Null_params_in_a_patch_clear_them_and_an_object_patch_on_no_params_starts_from_empty()
    {
        Assert.Null(new ProfilePatch(ProfileFieldMask.Params, Current with { Params = null }).ApplyTo(Current).Params);
        Assert.Equal(
            """{"a":1}""",
            new ProfilePatch(ProfileFieldMask.Params, Current with { Params = """{"a":1,"b":null}""" }).ApplyTo(Current with { Params = null }).Params);
    }
}
