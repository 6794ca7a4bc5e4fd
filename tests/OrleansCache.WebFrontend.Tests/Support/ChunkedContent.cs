using System.Net;

namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>A body sent without a Content-Length (chunked), so the server learns its size only by reading it.</summary>
internal sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _bytes;

    public ChunkedContent(byte[] bytes, string mediaType)
    {
        _bytes = bytes;
        Headers.TryAddWithoutValidation("Content-Type", mediaType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Several writes, as a client streaming its body would make.
        const int Chunk = 64 * 1024;
        for (var offset = 0; offset < _bytes.Length; offset += Chunk)
        {
            await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(Chunk, _bytes.Length - offset)), cancellationToken);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
