using System.Text;

namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Request bodies built byte by byte.</summary>
internal static class Bodies
{
    /// <summary>The largest body the API reads: 1 MiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>A valid profile body of exactly <paramref name="size"/> bytes: one short object, then whitespace.</summary>
    public static byte[] Padded(int size)
    {
        var json = Encoding.UTF8.GetBytes("""{ "name": "Padded" }""");
        var body = new byte[size];
        json.CopyTo(body, 0);
        body.AsSpan(json.Length).Fill((byte)' ');
        return body;
    }

    /// <summary>The bytes as they are, with a Content-Length and, when given, a Content-Type written as is.</summary>
    public static ByteArrayContent Raw(byte[] bytes, string? contentType = ProfileHttp.Json)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    /// <summary>The text in UTF-8 with the given Content-Type, which says nothing about the charset unless asked to.</summary>
    public static ByteArrayContent Utf8(string text, string? contentType = ProfileHttp.Json) => Raw(Encoding.UTF8.GetBytes(text), contentType);
}
