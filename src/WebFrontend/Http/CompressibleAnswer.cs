namespace OrleansCache.WebFrontend.Http;

/// <summary>Endpoint metadata: the route's answers may be large, so they are compressed when the client asks (<see cref="AnswerCompression"/>).</summary>
internal sealed class CompressibleAnswer
{
    public static readonly CompressibleAnswer Instance = new();

    private CompressibleAnswer()
    {
    }
}
