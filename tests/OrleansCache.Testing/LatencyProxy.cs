using System.Net;
using System.Net.Sockets;

namespace OrleansCache.Testing;

/// <summary>
/// A TCP proxy on a free loopback port in front of a server (e.g. PostgreSQL), for tests of a slow or watched
/// database link: every chunk the server sends is handed to the client <see cref="Delay"/> late (what the client sends
/// goes through at once), and it counts the connections open through it and the most ever open at once.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    private readonly IPEndPoint _upstream;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _open;
    private int _peak;

    /// <summary>A proxy to <paramref name="upstream"/> listening on a free port of <paramref name="listen"/> (loopback by default).</summary>
    public LatencyProxy(IPEndPoint upstream, TimeSpan delay, IPAddress? listen = null)
    {
        _listener = new TcpListener(listen ?? IPAddress.Loopback, 0);
        _upstream = upstream;
        Delay = delay;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>How late the server's bytes reach the client.</summary>
    public TimeSpan Delay { get; }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections open through the proxy now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>The most connections ever open through the proxy at once.</summary>
    public int Peak => Volatile.Read(ref _peak);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var open = Interlocked.Increment(ref _open);
        for (var peak = Peak; open > peak && Interlocked.CompareExchange(ref _peak, open, peak) != peak; peak = Peak)
        {
        }

        using var server = new TcpClient();
        try
        {
            using (client)
            {
                await server.ConnectAsync(_upstream, _stop.Token);
                using var ended = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = PumpAsync(client.GetStream(), server.GetStream(), TimeSpan.Zero, ended.Token);
                var down = PumpAsync(server.GetStream(), client.GetStream(), Delay, ended.Token);

                // Either side closing ends the connection, as a direct one would.
                await Task.WhenAny(up, down);
                await ended.CancelAsync();
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, TimeSpan delay, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
