using Microsoft.Extensions.Primitives;
using OrleansCache.Models;
using OrleansCache.WebFrontend.Http;
using OrleansCache.WebFrontend.OpenApi;

namespace OrleansCache.WebFrontend.Models;

/// <summary>The model catalog routes.</summary>
internal static class ModelsApi
{
    public static RouteGroupBuilder MapModels(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/models").WithTags("Models");

        group.MapGet("/", ListModelsAsync)
            .WithName("ListModels").WithSummary("Lists models ordered by provider, then id; the filters combine with AND.")
            .WithQueryParameters(
                ("provider", "Only this provider's models (case-insensitive)."),
                ("capability", "Only models with this capability (case-insensitive)."),
                ("enabled", "true or false."),
                ("q", "Case-insensitive substring of the id or the name; at most 200 characters."))
            .Produces<ModelDocument[]>()
            .ProducesValidationProblem();
        group.MapGet("/{provider}/{**id}", GetModelAsync)
            .WithName("GetModel").WithSummary("Reads one model.")
            .Produces<ModelDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        // GET (and HEAD) /sync would otherwise be read as the lookup of a model of provider "sync" with no id (a 400):
        // the path exists for POST only, so it answers 405 with Allow, as every other wrong method does.
        group.MapMethods("/sync", [HttpMethods.Get, HttpMethods.Head], SyncMethodNotAllowed).ExcludeFromDescription();
        group.MapPost("/sync", SyncModelsAsync)
            .WithName("SyncModels").WithSummary("Upserts a provider's models (and prunes, if asked) in one transaction.")
            .Accepts<ModelSyncDocument>("application/json")
            .Produces<ModelSyncResponse>()
            .ProducesValidationProblem()
            .ProducesBodyProblems();

        return group;
    }

    internal static async Task<IResult> ListModelsAsync(HttpRequest request, IGrainFactory grains)
    {
        if (ReadListQuery(request, out var query) is { } problem)
        {
            return problem;
        }

        var listing = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).GetAsync(query!);
        return new Utf8JsonResult(listing.Json);
    }

    /// <summary>Reads and checks the filters of <c>GET /api/models</c>: null and the query, or the problem to answer with.</summary>
    internal static IResult? ReadListQuery(HttpRequest request, out ModelQuery? query)
    {
        query = null;
        var errors = new Dictionary<string, string[]>();
        var provider = Single(request.Query, "provider", errors);
        var capability = Single(request.Query, "capability", errors);
        var enabledText = Single(request.Query, "enabled", errors);
        var q = Single(request.Query, "q", errors);

        if (provider is not null && !ModelRules.IsValidKey(provider))
        {
            errors["provider"] = ["provider must match [A-Za-z0-9._:/-]{1,200}."];
        }

        if (capability is not null && !ModelRules.IsValidCapability(capability.ToLowerInvariant()))
        {
            errors["capability"] = ["capability must be a word of letters, digits, '_', '.' or '-' (at most 64)."];
        }

        bool? enabled = null;
        if (enabledText is not null)
        {
            if (bool.TryParse(enabledText, out var parsed))
            {
                enabled = parsed;
            }
            else
            {
                errors["enabled"] = ["enabled must be true or false."];
            }
        }

        if (q is not null && q.Length > ModelRules.QueryMaxLength)
        {
            errors["q"] = [$"q must be at most {ModelRules.QueryMaxLength} characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        query = ModelQuery.List(provider, capability, enabled, q);
        return null;
    }

    internal static async Task<IResult> GetModelAsync(string provider, string? id, IGrainFactory grains)
    {
        // The catch-all {**id} binds nothing for /api/models/{provider}/: answer with the field rule, not a bare 400.
        id ??= string.Empty;
        // The server decodes every escape of the path but %2F, which would split a segment. A '/' of the provider
        // or the id escaped as %2F (as URI templates do) means the character; no valid key holds a '%' otherwise.
        provider = Uri.UnescapeDataString(provider);
        id = Uri.UnescapeDataString(id);
        if (!ModelRules.IsValidKey(provider) || !ModelRules.IsValidKey(id))
        {
            return Problems.Validation("id", "provider and id must match [A-Za-z0-9._:/-]{1,200}.");
        }

        var listing = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).GetAsync(ModelQuery.One(provider, id));
        return listing.Count == 0
            ? Problems.NotFound($"No model '{id}' of provider '{provider}'.")
            : new Utf8JsonResult(listing.Json);
    }

    internal static async Task<IResult> SyncModelsAsync(HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (read, problem) = await JsonBody.ReadAsync(
            request, static root => (Sync: ModelSyncReader.Read(root, out var errors), Errors: errors), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (read.Sync is not { } sync)
        {
            return Problems.Validation(read.Errors);
        }

        var result = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).SyncAsync(sync);
        return TypedResults.Ok(new ModelSyncResponse(result.Provider, result.Inserted, result.Updated, result.Unchanged, result.Removed));
    }

    // A filter given twice is ambiguous: refuse it rather than pick one.
    private static string? Single(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        StringValues values = query[name];
        if (values.Count > 1)
        {
            errors[name] = [$"{name} may be given once."];
            return null;
        }

        return values.Count == 1 ? values[0] : null;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult SyncMethodNotAllowed(HttpResponse response)
    {
        response.Headers.Allow = HttpMethods.Post;
        return TypedResults.Problem("This URL does not accept this method.", statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method Not Allowed");
    }
}
