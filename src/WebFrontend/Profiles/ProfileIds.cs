using System.Security.Cryptography;

namespace OrleansCache.WebFrontend.Profiles;

/// <summary>Server-assigned profile ids: <c>p_</c> and 16 random base-62 characters (about 95 bits).</summary>
internal static class ProfileIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New() => "p_" + RandomNumberGenerator.GetString(Alphabet, 16);
}
