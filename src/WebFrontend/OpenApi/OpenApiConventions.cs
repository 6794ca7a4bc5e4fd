using Microsoft.OpenApi;

namespace OrleansCache.WebFrontend.OpenApi;

/// <summary>Response metadata shared by several routes.</summary>
internal static class OpenApiConventions
{
    /// <summary>The problems any route that reads a JSON body can answer: 413 and 415.</summary>
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The answers of PUT and PATCH on a profile.</summary>
    public static RouteHandlerBuilder ProducesWriteAnswers(this RouteHandlerBuilder route) => route
        .Produces<ProfileDocument>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesBodyProblems();

    /// <summary>Documents optional string query parameters that the handler reads itself (to refuse repeated ones).</summary>
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder route, params (string Name, string Description)[] parameters) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, description) in parameters)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }

            return Task.CompletedTask;
        });
}
