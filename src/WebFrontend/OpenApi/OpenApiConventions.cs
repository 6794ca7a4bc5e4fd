using System.Globalization;
using Microsoft.OpenApi;
using OrleansCache.Api;

namespace OrleansCache.WebFrontend.OpenApi;

/// <summary>What a route's result types cannot say in the OpenAPI document: its headers and the query parameters it reads itself.</summary>
internal static class OpenApiConventions
{
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
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Header,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });

    /// <summary>Documents a header of the response with <paramref name="statusCode"/> (one the route's result type declares).</summary>
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
    /// Documents an optional query parameter that the handler reads itself (to refuse one given twice), with the
    /// type and limits of its <paramref name="rule"/>.
    /// </summary>
    public static RouteHandlerBuilder WithQueryParameter(this RouteHandlerBuilder route, FieldRule rule, string description) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var schema = new OpenApiSchema();
            FieldRuleSchemas.Apply(rule, schema);
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = rule.Name,
                In = ParameterLocation.Query,
                Required = false,
                Description = description,
                Schema = schema,
            });
            return Task.CompletedTask;
        });
}
