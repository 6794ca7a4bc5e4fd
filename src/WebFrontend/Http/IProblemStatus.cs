namespace OrleansCache.WebFrontend.Http;

/// <summary>A problem's status code and title, known from its type (see <see cref="ProblemStatus"/>).</summary>
internal interface IProblemStatus
{
    static abstract int Code { get; }

    static abstract string Title { get; }
}
