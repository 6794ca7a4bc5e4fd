using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;

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
