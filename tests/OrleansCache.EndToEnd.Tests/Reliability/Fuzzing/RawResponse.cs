using System.Globalization;
using System.Text;

namespace OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;

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
