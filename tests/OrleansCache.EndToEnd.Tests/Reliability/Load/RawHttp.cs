using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace OrleansCache.EndToEnd.Tests.Reliability.Load;

/// <summary>
/// HTTP/1.1 over a bare socket, for what HttpClient will not do: send a huge body as fast as the socket takes it,
/// without waiting for <c>100 Continue</c> or for the answer, while reading the answer as it comes.
/// </summary>
internal static class RawHttp
{
    /// <summary>What came back, and how much of the body the client got into the connection before it was cut.</summary>
    public sealed record Outcome(int Status, string? ContentType, string Body, long BodyBytesSent, bool SendingFailed, int SendBufferBytes);

    /// <summary>
    /// POSTs <paramref name="bodyBytes"/> bytes of JSON-ish filler to <paramref name="path"/>, announced with a
    /// Content-Length or sent chunked, and keeps sending until it is all sent, the connection refuses more, or
    /// <paramref name="patience"/> passes without progress.
    /// </summary>
    public static async Task<Outcome> PostHugeBodyAsync(
        Uri server, string path, long bodyBytes, bool chunked, TimeSpan patience, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendBufferSize = 64 * 1024 };
        await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
        var head =
            $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\n" +
            (chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {bodyBytes.ToString(CultureInfo.InvariantCulture)}\r\n") +
            "\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, cancellationToken);

        var answer = ReadAnswerAsync(socket, cancellationToken);
        var filler = new byte[64 * 1024];
        Array.Fill(filler, (byte)' ');
        filler[0] = (byte)'[';
        var chunkHead = Encoding.ASCII.GetBytes($"{filler.Length:x}\r\n");
        var crlf = "\r\n"u8.ToArray();

        long sent = 0;
        var failed = false;
        while (sent < bodyBytes)
        {
            using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stalled.CancelAfter(patience);
            try
            {
                if (chunked)
                {
                    await socket.SendAsync(chunkHead, SocketFlags.None, stalled.Token);
                }

                var count = (int)Math.Min(filler.Length, bodyBytes - sent);
                await socket.SendAsync(filler.AsMemory(0, count), SocketFlags.None, stalled.Token);
                sent += count;
                if (chunked)
                {
                    await socket.SendAsync(crlf, SocketFlags.None, stalled.Token);
                }
            }
            catch (SocketException)
            {
                // The server closed (or reset) the connection: it will take no more.
                failed = true;
                break;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No progress for a while: the server has stopped reading.
                break;
            }
        }

        var (status, contentType, body) = await answer;
        return new Outcome(status, contentType, body, sent, failed, socket.SendBufferSize);
    }

    // Reads the status line, the headers and a Content-Length body (or up to the end of the connection).
    private static async Task<(int Status, string? ContentType, string Body)> ReadAnswerAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[16 * 1024];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                throw new IOException($"The connection closed before a whole answer head arrived: '{Encoding.ASCII.GetString([.. received])}'");
            }

            received.AddRange(buffer.AsSpan(0, n));
        }

        var head = Encoding.ASCII.GetString([.. received.Take(headerEnd)]).Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = head.Skip(1).Select(h => h.Split(':', 2)).ToDictionary(h => h[0].Trim(), h => h[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = received.Skip(headerEnd + 4).ToList();
        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : int.MaxValue;
        while (body.Count < length)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (SocketException) when (length == int.MaxValue)
            {
                break;
            }

            if (n == 0)
            {
                break;
            }

            body.AddRange(buffer.AsSpan(0, n));
            if (IsChunked(headers) && Encoding.ASCII.GetString([.. body]).EndsWith("0\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        var text = Encoding.UTF8.GetString([.. body]);
        return (status, headers.GetValueOrDefault("Content-Type"), IsChunked(headers) ? Dechunk(text) : text);
    }

    private static bool IsChunked(Dictionary<string, string> headers) =>
        headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase);

    // "size\r\ndata\r\n" … "0\r\n\r\n" (the answer is small ASCII JSON, so characters count as bytes).
    private static string Dechunk(string text)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                break;
            }

            var size = int.Parse(text.AsSpan(position, lineEnd - position), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            result.Append(text, lineEnd + 2, Math.Min(size, text.Length - lineEnd - 2));
            position = lineEnd + 2 + size + 2;
        }

        return result.ToString();
    }

    private static int IndexOfHeaderEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
