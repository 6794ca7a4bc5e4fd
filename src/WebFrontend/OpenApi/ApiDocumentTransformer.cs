using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansCache.WebFrontend.Security;

namespace OrleansCache.WebFrontend.OpenApi;

/// <summary>
/// What the endpoints' metadata cannot say: the document's info and tags, the optional API key (which covers every
/// path, health included), the 401 and 503 every <c>/api/*</c> route can answer, and the health routes (mapped by
/// <c>MapHealthChecks</c>, which API Explorer does not see).
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string ApiKeyScheme = "ApiKey";
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "OrleansCache API",
            Version = "v1",
            Description = "A coherent cache of LLM profiles and of a model catalog, in front of the database that stays the system " +
                "of record. JSON is snake_case; every 4xx and 5xx answer is application/problem+json (RFC 9457), and " +
                "validation failures (400) add `errors: { field: [messages] }`.",
            Contact = new OpenApiContact { Name = "OrleansCache maintainers (see the repository's README)" },
            // The repository has no license file: nothing is granted.
            License = new OpenApiLicense { Name = "All rights reserved (no license granted)", Identifier = "LicenseRef-AllRightsReserved" },
        };

        // Relative: the API is wherever this document was served from (behind a proxy too).
        document.Servers = [new OpenApiServer { Url = "/", Description = "The server that serves this document." }];

        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Profiles", Description = "LLM profiles (model, prompt, sampling settings); conditional requests with ETags." },
            new() { Name = "Models", Description = "The model catalog, synced per provider." },
            new() { Name = "Cache", Description = "Cluster-wide cache statistics and clearing." },
            new() { Name = "Health", Description = "Liveness and readiness probes." },
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyMiddleware.HeaderName,
            Description = "Required on every route, health and this document included, when the server is configured with " +
                "an API key (Security:ApiKey); otherwise the API is anonymous. Security:AllowAnonymousLiveness=true opens " +
                "/health/live alone.",
        };

        // Either the key or nothing: which one applies depends on the server's configuration.
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
            new OpenApiSecurityRequirement(),
        ];

        document.Paths ??= [];
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            operation.Responses ??= [];
            operation.Responses.TryAdd("401", Problem(document, "Unauthorized: the API key is missing or wrong (only when one is configured)."));
            operation.Responses.TryAdd("503", Unavailable(document, "Service unavailable: no silo or the database does not answer."));
        }

        document.Paths["/health/live"] = HealthPath(
            document, "GetLiveness", "Answers 200 while the process runs.",
            "For a liveness probe: it asks nothing of the cluster, so a frontend waiting for its silos stays alive.", ready: false);
        document.Paths["/health/ready"] = HealthPath(
            document, "GetReadiness", "Answers 200 when a silo and the database answer, else 503.",
            "For a readiness probe or a load balancer: send traffic only while this answers 200.", ready: true);
        return Task.CompletedTask;
    }

    private static OpenApiPathItem HealthPath(OpenApiDocument document, string operationId, string summary, string description, bool ready)
    {
        var responses = new OpenApiResponses
        {
            ["200"] = HealthText("Healthy."),
            ["401"] = Problem(document, "Unauthorized: the API key is missing or wrong (only when one is configured)."),
        };
        if (ready)
        {
            responses["503"] = HealthText("Unhealthy: no silo or the database does not answer.");
        }

        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = operationId,
                    Summary = summary,
                    Description = description,
                    Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                    Responses = responses,
                },
            },
        };
    }

    private static OpenApiResponse HealthText(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
        },
    };

    private static OpenApiResponse Problem(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemJson] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
        },
    };

    private static OpenApiResponse Unavailable(OpenApiDocument document, string description)
    {
        var response = Problem(document, description);
        response.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before retrying.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0" },
            },
        };
        return response;
    }
}
