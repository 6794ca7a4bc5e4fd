using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// A problem (RFC 9457) whose status is its type's (<typeparamref name="TStatus"/>), so a route that can answer it
/// says so in its result type and the OpenAPI document lists it without a word from the route.
/// </summary>
internal sealed class HttpProblem<TStatus>(string detail) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
    where TStatus : IProblemStatus
{
    public int? StatusCode => TStatus.Code;

    public Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Problem(detail, statusCode: TStatus.Code, title: TStatus.Title).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(TStatus.Code, typeof(ProblemDetails), ["application/problem+json"]));
}
