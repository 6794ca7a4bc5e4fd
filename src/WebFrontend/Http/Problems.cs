using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansCache.WebFrontend.Http;

/// <summary>The problem responses (RFC 9457) the API answers with; each has a title and a detail.</summary>
internal static class Problems
{
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "The request has invalid fields; see errors.", title: "Invalid request");

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static HttpProblem<ProblemStatus.BadRequest> BadRequest(string detail) => new(detail);

    public static HttpProblem<ProblemStatus.NotFound> NotFound(string detail) => new(detail);

    public static HttpProblem<ProblemStatus.Conflict> Conflict(string detail) => new(detail);

    public static HttpProblem<ProblemStatus.PreconditionFailed> PreconditionFailed(string detail) => new(detail);

    public static HttpProblem<ProblemStatus.MethodNotAllowed> MethodNotAllowed() => new("This URL does not accept this method.");

    /// <summary>A problem of <see cref="JsonBody"/>: 400, 413 or 415.</summary>
    public static BodyProblem Body(int statusCode, string title, string detail) =>
        new(TypedResults.Problem(detail, statusCode: statusCode, title: title));
}
