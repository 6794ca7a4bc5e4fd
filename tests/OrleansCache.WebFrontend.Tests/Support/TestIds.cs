namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Profile ids no other test uses.</summary>
internal static class TestIds
{
    public static string New() => "t" + Guid.NewGuid().ToString("N");
}
