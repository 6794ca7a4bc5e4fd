namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Ids no other test uses.</summary>
internal static class TestIds
{
    /// <summary>A profile id.</summary>
    public static string New() => "t" + Guid.NewGuid().ToString("N");

    /// <summary>A model provider, lower-case, so its models are this test's alone.</summary>
    public static string NewProvider() => "p" + Guid.NewGuid().ToString("N");
}
