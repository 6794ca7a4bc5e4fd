using System.Globalization;
using Microsoft.OpenApi;

namespace OrleansCache.WebFrontend.OpenApi;

/// <summary>Response metadata shared by several routes.</summary>
internal static class OpenApiConventions
{
    /// <summary>The problems any route that reads a JSON body can answer: 413 and 415.</summary>
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The answers of PUT and PATCH on a profile, and their <c>If-Match</c> header.</summary>
    public static RouteHandlerBuilder ProducesWriteAnswers(this RouteHandlerBuilder route) => route
        .Produces<ProfileDocument>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesBodyProblems()
        .WithIfMatch()
        .WithETag(StatusCodes.Status200OK);

    /// <summary>Documents the <c>ETag</c> header of a response that carries a profile's version.</summary>
    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder route, int statusCode) =>
        route.WithResponseHeader(statusCode, "ETag", "The profile's version in quotes, e.g. \"3\".");

    /// <summary>Documents the optional <c>If-Match</c> request header of a conditional write.</summary>
    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder route) => route.WithRequestHeader(
        "If-Match", "Entity tags of the profile (or *); the request fails with 412 unless the profile's current ETag is one of them.");

    /// <summary>Documents an optional request header.</summary>
    public static RouteHandlerBuilder WithRequestHeader(this RouteHandlerBuilder route, string name, string description) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(OptionalString(name, ParameterLocation.Header, description));
            return Task.CompletedTask;
        });

    /// <summary>Documents a header of the response with <paramref name="statusCode"/> (declared with Produces*).</summary>
    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder route, int statusCode, string name, string description) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var key = statusCode.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses?.TryGetValue(key, out var response) is not true || response is not OpenApiResponse concrete)
            {
                throw new InvalidOperationException($"Operation {operation.OperationId} declares no {key} response to carry {name}.");
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers[name] = new OpenApiHeader
            {
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
            return Task.CompletedTask;
        });

    /// <summary>
    /// Documents a query parameter the handler binds as a string (to validate it itself) as the integer it must be.
    /// </summary>
    public static RouteHandlerBuilder WithIntegerQueryParameter(
        this RouteHandlerBuilder route, string name, int minimum, int? maximum, string description) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var parameter = operation.Parameters?.OfType<OpenApiParameter>()
                .SingleOrDefault(p => p.In == ParameterLocation.Query && p.Name == name)
                ?? throw new InvalidOperationException($"Operation {operation.OperationId} has no query parameter {name}.");
            parameter.Description = description;
            parameter.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = "int32",
                Minimum = minimum.ToString(CultureInfo.InvariantCulture),
                Maximum = maximum?.ToString(CultureInfo.InvariantCulture),
            };
            return Task.CompletedTask;
        });

    /// <summary>Documents optional string query parameters that the handler reads itself (to refuse repeated ones).</summary>
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder route, params (string Name, string Description)[] parameters) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, description) in parameters)
            {
                operation.Parameters.Add(OptionalString(name, ParameterLocation.Query, description));
            }

            return Task.CompletedTask;
        });

    private static OpenApiParameter OptionalString(string name, ParameterLocation location, string description) => new()
    {
        Name = name,
        In = location,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
