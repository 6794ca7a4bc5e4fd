using Microsoft.AspNetCore.Http.HttpResults;
using OrleansCache.Models;
using OrleansCache.WebFrontend.Http;
using OrleansCache.WebFrontend.Near;
using OrleansCache.WebFrontend.OpenApi;

namespace OrleansCache.WebFrontend.Models;

/// <summary>The model catalog routes. Each handler's result type lists its answers, which is what the OpenAPI document shows.</summary>
internal static class ModelsApi
{
    public static RouteGroupBuilder MapModels(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/models").WithTags("Models").WithHeadForGet();

        group.MapGet("/", ListModelsAsync).CompressWhenAsked()
            .WithName("ListModels").WithSummary("Lists models ordered by provider, then id; the filters combine with AND.")
            .WithDescription("Answered from the model cache, one entry per distinct filter (order of parameters and case of " +
                "provider and capability do not matter); a sync empties it.")
            .WithQueryParameter(ModelRules.Provider, "Only this provider's models (case-insensitive).")
            .WithQueryParameter(ModelRules.Capability, "Only models with this capability (case-insensitive).")
            .WithQueryParameter(ModelRules.Enabled, "Only enabled (true) or disabled (false) models.")
            .WithQueryParameter(ModelRules.Query, "A case-insensitive substring of the id or the name.");
        group.MapGet("/{provider}/{**id}", GetModelAsync)
            .WithName("GetModel").WithSummary("Reads one model.")
            .WithDescription("A model id may hold '/': send it escaped as %2F in the one id segment (as URI templates and " +
                "generated clients do), or unescaped across several segments.");
        // GET (and HEAD) /sync would otherwise be read as the lookup of a model of provider "sync" with no id (a 400):
        // the path exists for POST only, so it answers 405 with Allow, as every other wrong method does.
        group.MapMethods("/sync", [HttpMethods.Get, HttpMethods.Head], SyncMethodNotAllowed).ExcludeFromDescription();
        group.MapPost("/sync", SyncModelsAsync)
            .WithName("SyncModels").WithSummary("Upserts a provider's models (and prunes, if asked) in one transaction.")
            .WithDescription("Checks the whole body before writing anything; once the transaction has committed, the model cache is empty.")
            .Accepts<ModelSyncDocument>("application/json");

        return group;
    }

    internal static async Task<Results<StoredJson<ModelDocument[]>, ValidationProblem>> ListModelsAsync(HttpRequest request, IGrainFactory grains, NearCache near)
    {
        if (!TryReadListQuery(request.Query, out var query, out var errors))
        {
            return Problems.Validation(errors);
        }

        var listing = await LookupAsync(query, grains, near);
        return new StoredJson<ModelDocument[]>(listing.Json);
    }

    /// <summary>Reads and checks the filters of <c>GET /api/models</c>: the query, or the errors.</summary>
    internal static bool TryReadListQuery(IQueryCollection parameters, out ModelQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var provider = QueryReader.CheckedText(parameters, ModelRules.Provider, errors);
        var capability = QueryReader.CheckedText(parameters, ModelRules.Capability, errors, static text => text.ToLowerInvariant());
        var enabled = QueryReader.TrueOrFalse(parameters, ModelRules.Enabled, errors);
        var q = QueryReader.CheckedText(parameters, ModelRules.Query, errors);
        query = ModelQuery.List(provider, capability, enabled, q);
        return errors.Count == 0;
    }

    internal static async Task<Results<StoredJson<ModelDocument>, ValidationProblem, HttpProblem<ProblemStatus.NotFound>>> GetModelAsync(
        string provider, string? id, IGrainFactory grains, NearCache near)
    {
        // The catch-all {**id} binds nothing for /api/models/{provider}/: answer with the field rule, not a bare 400.
        id ??= string.Empty;
        // The server decodes every escape of the path but %2F, which would split a segment. A '/' of the provider
        // or the id escaped as %2F (as URI templates do) means the character; no valid key holds a '%' otherwise.
        provider = Uri.UnescapeDataString(provider);
        id = Uri.UnescapeDataString(id);
        if (!ModelRules.IsValidKey(provider) || !ModelRules.IsValidKey(id))
        {
            return Problems.Validation("id", $"provider and id must match {ModelRules.Id.Pattern}.");
        }

        var listing = await LookupAsync(ModelQuery.One(provider, id), grains, near);
        return listing.Count == 0
            ? Problems.NotFound($"No model '{id}' of provider '{provider}'.")
            : new StoredJson<ModelDocument>(listing.Json);
    }

    internal static async Task<Results<Ok<ModelSyncResult>, ValidationProblem, BodyProblem>> SyncModelsAsync(
        HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
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

        return TypedResults.Ok(await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).SyncAsync(sync));
    }

    // From this frontend's near cache, or from the catalog grain (keeping the answer when the grain grants a lease).
    private static ValueTask<ModelListing> LookupAsync(ModelQuery query, IGrainFactory grains, NearCache near)
    {
        if (near.TryGet(query, out var listing))
        {
            return ValueTask.FromResult(listing);
        }

        var catalog = grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key);
        return near.Enabled ? LookupNearAsync(query, catalog, near) : catalog.GetAsync(query);
    }

    private static async ValueTask<ModelListing> LookupNearAsync(ModelQuery query, IModelCatalogGrain catalog, NearCache near)
    {
        var ticket = near.BeginModels();
        var grant = await catalog.GetNearAsync(query, near.Reference);
        near.Store(query, grant, ticket);
        return grant.Listing;
    }

    private static HttpProblem<ProblemStatus.MethodNotAllowed> SyncMethodNotAllowed(HttpResponse response)
    {
        response.Headers.Allow = HttpMethods.Post;
        return Problems.MethodNotAllowed();
    }
}
