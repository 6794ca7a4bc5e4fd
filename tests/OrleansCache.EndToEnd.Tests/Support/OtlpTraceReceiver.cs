using System.IO.Compression;
using System.Net;
using System.Net.Sockets;

namespace OrleansCache.EndToEnd.Tests.Support;

/// <summary>
/// A minimal OTLP/HTTP collector on a free loopback port: takes <c>POST /v1/traces</c> (protobuf) from the processes
/// under test, keeps every span, and answers 200 with an empty export response; other signals (<c>/v1/logs</c>) are
/// accepted and dropped. Point a process at it with <see cref="ExporterArguments"/>.
/// </summary>
internal sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<OtlpSpan> _spans = [];
    private readonly Task _loop;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OtlpTraceReceiver()
    {
        Endpoint = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The base URL the exporters append <c>/v1/traces</c> to.</summary>
    public Uri Endpoint { get; }

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>
    /// The standard OpenTelemetry settings, as <c>--Key=value</c> arguments (the SDK reads them from any configuration
    /// source): OTLP over HTTP/protobuf to this receiver, batches sent every 200 ms rather than every 5 s.
    /// </summary>
    public IEnumerable<string> ExporterArguments() =>
    [
        $"--OTEL_EXPORTER_OTLP_ENDPOINT={Endpoint.GetLeftPart(UriPartial.Authority)}",
        "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
        "--OTEL_BSP_SCHEDULE_DELAY=200",
    ];

    /// <summary>Waits, as each batch arrives, until the spans received satisfy <paramref name="done"/>; returns them.</summary>
    public async Task<IReadOnlyList<OtlpSpan>> WaitForAsync(Func<IReadOnlyList<OtlpSpan>, bool> done, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task arrived;
            lock (_spans)
            {
                arrived = _arrived.Task;
            }

            var spans = Spans;
            if (done(spans))
            {
                return spans;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Waited {timeout} for {what}; received {spans.Count} span(s):{Environment.NewLine}{string.Join(Environment.NewLine, spans)}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            using (context.Response)
            {
                var body = await ReadBodyAsync(context.Request);
                if (context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    var received = OtlpTraceDecoder.Decode(body);
                    TaskCompletionSource arrived;
                    lock (_spans)
                    {
                        _spans.AddRange(received);
                        arrived = _arrived;
                        _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    arrived.TrySetResult();
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.ContentLength64 = 0; // an empty Export*ServiceResponse: nothing rejected
            }
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        var body = string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.InputStream, CompressionMode.Decompress)
            : request.InputStream;
        await using (body)
        {
            await body.CopyToAsync(buffer);
        }

        return buffer.ToArray();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
