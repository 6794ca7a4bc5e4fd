using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace OrleansCache.Security;

/// <summary>
/// The one comparison of a presented API key with the configured one, compiled into both the frontend and the
/// silo (src/Silo links this file). Both sides are hashed with SHA-256 first and the hashes compared in constant
/// time, so neither the content nor the length of the key leaks through timing. The key itself is never logged,
/// and this type keeps only its hash.
/// </summary>
internal sealed class ApiKeyCheck
{
    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";

    private const string BasicScheme = "Basic ";

    private readonly byte[]? _expectedHash;

    public ApiKeyCheck(string? key)
    {
        _expectedHash = string.IsNullOrEmpty(key) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>True when a key is configured, so requests must carry it.</summary>
    public bool IsRequired => _expectedHash is not null;

    /// <summary>True when the request has exactly one non-empty <c>X-Api-Key</c> header, and it is the key.</summary>
    public bool HeaderMatches(HttpRequest request)
    {
        var presented = request.Headers[HeaderName];
        return presented.Count == 1 && presented[0] is { Length: > 0 } key && Matches(key);
    }

    /// <summary>
    /// True when the request has one <c>Authorization: Basic</c> header whose password is the key (the user name is
    /// not checked): what a browser sends after its login prompt, and what a Prometheus <c>basic_auth</c> sends.
    /// </summary>
    public bool BasicPasswordMatches(HttpRequest request)
    {
        var authorization = request.Headers[HeaderNames.Authorization];
        if (authorization.Count != 1 || authorization[0] is not { } value || !value.StartsWith(BasicScheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = Encoding.ASCII.GetBytes(value[BasicScheme.Length..].Trim());
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (Base64.DecodeFromUtf8(encoded, decoded, out _, out var written) != OperationStatus.Done)
        {
            return false;
        }

        var credentials = decoded.AsSpan(0, written);
        var colon = credentials.IndexOf((byte)':');
        return colon >= 0 && colon < written - 1 && MatchesUtf8(credentials[(colon + 1)..]);
    }

    private bool Matches(string presented) => MatchesUtf8(Encoding.UTF8.GetBytes(presented));

    private bool MatchesUtf8(ReadOnlySpan<byte> presented)
    {
        if (_expectedHash is null)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(presented, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _expectedHash);
    }
}
