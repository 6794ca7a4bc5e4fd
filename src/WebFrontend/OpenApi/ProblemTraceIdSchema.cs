using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.OpenApi;

/// <summary>Documents the <c>trace_id</c> member every problem carries (<see cref="ProblemTraceId"/>).</summary>
internal sealed class ProblemTraceIdSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type) && schema.Properties is not null)
        {
            schema.Properties[ProblemTraceId.Name] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Pattern = "^[0-9a-f]{32}$",
                Description = "The W3C trace id of the request (32 lowercase hex digits, not a whole traceparent): find the " +
                    "request by it in the traces (when exported over OTLP) and in the logs.",
            };
        }

        return Task.CompletedTask;
    }
}
