using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// Why <see cref="JsonBody"/> could not read a body: 400 (no body, malformed JSON), 413 (over 1 MiB) or 415 (not
/// JSON). A route that reads a body lists 413 and 415 through this type; its 400 is its validation problem's.
/// </summary>
internal sealed class BodyProblem(ProblemHttpResult problem) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => problem.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) => problem.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), ["application/problem+json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), ["application/problem+json"]));
    }
}
