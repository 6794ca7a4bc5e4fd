using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Tests.Http;

/// <summary>
/// The body's JSON is read while the request pipe still holds its buffer: a pipe hands that memory to the next
/// request once it is advanced past, so nothing may read it afterwards. Found by the end-to-end concurrency suite,
/// where concurrent creates were validated against each other's bodies.
/// </summary>
public sealed class JsonBodyBufferTests
{
    [Fact]
    public async Task The_reader_sees_the_body_before_the_pipe_reuses_its_memory()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        var pipe = new ReusingPipeReader(Encoding.UTF8.GetBytes("""{ "name": "mine", "max_tokens": 7 }"""));
        context.Features.Set<IRequestBodyPipeFeature>(new BodyPipe(pipe));

        var (value, problem) = await JsonBody.ReadAsync(
            context.Request,
            root => (root.GetProperty("name").GetString(), root.GetProperty("max_tokens").GetInt32(), pipe.Released),
            TestContext.Current.CancellationToken);

        Assert.Null(problem);
        Assert.Equal(("mine", 7, false), value);
        Assert.True(pipe.Released, "The buffer is given back once the reader is done.");
    }

    private sealed class BodyPipe(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }

    /// <summary>A pipe whose single buffer is overwritten as soon as it is advanced past, as a pooled block would be.</summary>
    private sealed class ReusingPipeReader(byte[] body) : PipeReader
    {
        public bool Released { get; private set; }

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new ReadResult(new ReadOnlySequence<byte>(body), isCanceled: false, isCompleted: true));

        public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            Released = true;
            Array.Fill(body, (byte)'x');
        }

        public override bool TryRead(out ReadResult result)
        {
            result = new ReadResult(new ReadOnlySequence<byte>(body), isCanceled: false, isCompleted: true);
            return true;
        }

        public override void CancelPendingRead()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }
}
