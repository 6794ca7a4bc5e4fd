using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.WebUtilities;
using OrleansCache.Api;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Hosting;

/// <summary>Registration of the frontend's services.</summary>
internal static class FrontendHostingExtensions
{
    /// <summary>Liveness (the process runs) and readiness (a silo and the database answer).</summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ClusterHealthCheck.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health/live</c> and <c>/health/ready</c>, for GET and HEAD only (other methods answer 405); a 503 of
    /// <c>/health/ready</c> is a problem with Retry-After (<see cref="ReadinessResponse"/>).
    /// </summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        var probeMethods = new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithMetadata(probeMethods);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ClusterHealthCheck.ReadyTag),
            ResponseWriter = ReadinessResponse.WriteAsync,
        })
            .WithMetadata(probeMethods);
        return app;
    }

    /// <summary>Problem responses for every error, snake_case JSON, and the body size limit.</summary>
    public static WebApplicationBuilder AddHttpConventions(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= Detail(context.ProblemDetails.Status, context.ProblemDetails.Title));

        // Responses without a body of their own (unknown route, wrong method, unsupported media type) become
        // problems. The default page asks the problem details service, whose writer declines when Accept does not
        // admit JSON (a browser's text/html) and then writes "Status Code: 404" as text/plain; a problem result
        // falls back to writing application/problem+json itself, so every error is a problem whatever Accept says.
        builder.Services.Configure<StatusCodePagesOptions>(options => options.HandleAsync = context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            return TypedResults.Problem(statusCode: status, detail: Detail(status, ReasonPhrases.GetReasonPhrase(status))).ExecuteAsync(context.HttpContext);
        });
        builder.Services.AddExceptionHandler<UnavailableExceptionHandler>();
        builder.Services.AddAnswerCompression();

        // ASP.NET Core's hosting logger opens a scope per request with the raw RequestPath (ids, and whatever a client
        // puts in a URL), which every log line of the request carries with Logging:Console:IncludeScopes=true, and
        // logs "Request starting" lines with the raw URL at Information. Off: the request log names the route
        // template instead (RequestLogMiddleware), and trace and span ids still come from the activity scope.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        // The API's own JSON types come from their source-generated context; its options (snake_case, numbers only
        // as numbers) apply to everything the frontend writes, problems included, and to the OpenAPI schemas.
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.NumberHandling = JsonNumberHandling.Strict;
            json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            json.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });

        // Kestrel stops any body past 1 MiB; JsonBody also counts, for hosts without this limit.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = JsonBody.MaxBytes);
        return builder;
    }

    // What a problem without a detail of its own says.
    private static string? Detail(int? status, string? title) => status switch
    {
        StatusCodes.Status404NotFound => "No resource exists at this URL.",
        StatusCodes.Status405MethodNotAllowed => "This URL does not accept this method.",
        _ => title,
    };
}
