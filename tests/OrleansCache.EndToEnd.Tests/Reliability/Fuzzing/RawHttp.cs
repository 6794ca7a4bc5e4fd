using System.Globalization;
using System.Net;
using System.Net.Sockets;
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

/// <summary>An answer as read off the socket.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? ContentType => Headers.TryGetValue("content-type", out var value) ? value : null;

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>
    /// The answer in <paramref name="bytes"/>, or null while they do not hold a whole one yet: the head is not
    /// complete, fewer body bytes than its Content-Length arrived, or a chunked body lacks its last chunk. Without
    /// either header, the body is what arrived (it ends with the connection).
    /// </summary>
    public static RawResponse? TryParse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? $"{existing}, {value}" : value;
        }

        var body = bytes[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return Dechunk(body) is { } whole ? new RawResponse(status, headers, whole) : null;
        }

        if (headers.TryGetValue("content-length", out var length))
        {
            var expected = int.Parse(length, CultureInfo.InvariantCulture);
            return body.Length < expected ? null : new RawResponse(status, headers, body[..expected]);
        }

        return new RawResponse(status, headers, body);
    }

    // The chunks' data, or null before the last (empty) chunk has arrived.
    private static byte[]? Dechunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return null;
            }

            var sizeText = Encoding.ASCII.GetString(chunked, position, lineEnd).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position += lineEnd + 2;
            if (size == 0)
            {
                return body.ToArray();
            }

            if (position + size > chunked.Length)
            {
                return null;
            }

            body.Write(chunked, position, size);
            position += size + 2;
        }

        return null;
    }
}

/// <summary>Sends <see cref="RawRequest"/>s over a fresh TCP connection each and reads the whole answer.</summary>
internal sealed class RawHttpClient(Uri server)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public string Host { get; } = server.GetLeftPart(UriPartial.Authority)[(server.Scheme.Length + 3)..];

    public async Task<RawResponse> SendAsync(RawRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Parse(server.Host), server.Port, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        // The body is written beside the read: a server may answer (413, 415) before it has read it all.
        var head = request.Head(Host);
        var payload = request.Payload();
        var write = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(head, timeout.Token);
                await stream.WriteAsync(payload, timeout.Token);
                await stream.FlushAsync(timeout.Token);
            }
            catch (IOException)
            {
                // The server closed its side after answering; the answer is what counts.
            }
        }, timeout.Token);

        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer (the server closed with our unread body pending): keep what arrived.
        }

        await write;
        var bytes = received.ToArray();
        return RawResponse.TryParse(bytes)
            ?? throw new InvalidDataException($"No complete answer in {bytes.Length} bytes: {Encoding.UTF8.GetString(bytes)}");
    }
}
