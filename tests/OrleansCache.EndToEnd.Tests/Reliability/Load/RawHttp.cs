using System.Globalization;
using System.Net.Sockets;
using System.Text;
using OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;

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

    // Reads until a whole answer has arrived, or the connection ends.
    private static async Task<(int Status, string? ContentType, string Body)> ReadAnswerAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (SocketException)
            {
                // Reset after the answer (the server closed with our body unread): what arrived is what counts.
                n = 0;
            }

            received.Write(buffer, 0, n);
            var bytes = received.ToArray();
            if (RawResponse.TryParse(bytes) is { } answer)
            {
                if (n == 0 || answer.Headers.ContainsKey("content-length") || answer.Headers.ContainsKey("transfer-encoding"))
                {
                    return (answer.Status, answer.ContentType, answer.BodyText);
                }
            }
            else if (n == 0)
            {
                throw new IOException($"The connection closed before a whole answer arrived: '{Encoding.ASCII.GetString(bytes)}'");
            }
        }
    }
}
