using System.Globalization;
using System.Text;

namespace OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;

/// <summary>
/// One HTTP/1.1 request written byte for byte as given: the request target is sent as is (no normalization of
/// <c>..</c>, no escaping), headers are not validated, and the body may hold any bytes (invalid UTF-8 included).
/// The framing itself stays valid (a correct Content-Length, or chunked), so what is tested is the application,
/// not Kestrel's parser.
/// </summary>
internal sealed record RawRequest(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body, bool Chunked = false)
{
    /// <summary>The bytes on the wire, for <paramref name="host"/>, asking the server to close afterwards.</summary>
    public byte[] Head(string host)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{Method} {Target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        foreach (var (name, value) in Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (Body is not null)
        {
            head.Append(Chunked ? "Transfer-Encoding: chunked\r\n" : string.Create(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}\r\n"));
        }

        head.Append("\r\n");
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    /// <summary>The body as sent: chunks of at most 16 KiB when <see cref="Chunked"/>.</summary>
    public byte[] Payload()
    {
        if (Body is null)
        {
            return [];
        }

        if (!Chunked)
        {
            return Body;
        }

        using var payload = new MemoryStream();
        for (var offset = 0; offset < Body.Length; offset += 16 * 1024)
        {
            var length = Math.Min(16 * 1024, Body.Length - offset);
            payload.Write(Encoding.ASCII.GetBytes(length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            payload.Write(Body, offset, length);
            payload.Write("\r\n"u8);
        }

        payload.Write("0\r\n\r\n"u8);
        return payload.ToArray();
    }

    /// <summary>
    /// A shell command that sends exactly these bytes (bash printf with every byte outside printable ASCII escaped),
    /// with the body cut after <paramref name="maxBody"/> bytes and its real size said.
    /// </summary>
    public string Reproduction(string host, int maxBody = 600)
    {
        var head = Head(host);
        var payload = Payload();
        var shown = payload.Length <= maxBody ? payload : payload[..maxBody];
        var text = Escape(head) + Escape(shown);
        var cut = payload.Length <= maxBody ? string.Empty : $"   # body cut: {payload.Length} bytes in all (regenerate the case from its seed and number)";
        var port = host[(host.LastIndexOf(':') + 1)..];
        return $"printf '{text}' | nc 127.0.0.1 {port}{cut}";
    }

    private static string Escape(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b switch
            {
                (byte)'\'' => "'\\''",
                (byte)'\\' => "\\\\",
                (byte)'%' => "%%",
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => string.Create(CultureInfo.InvariantCulture, $"\\x{b:x2}"),
            });
        }

        return text.ToString();
    }
}
