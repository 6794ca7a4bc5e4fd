using Microsoft.AspNetCore.Http.HttpResults;
using OrleansCache.Caching;
using OrleansCache.Profiles;
using OrleansCache.WebFrontend.Http;
using OrleansCache.WebFrontend.Near;
using OrleansCache.WebFrontend.OpenApi;
using WriteAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    OrleansCache.WebFrontend.Http.StoredJson<OrleansCache.Profiles.ProfileDocument>,
    OrleansCache.WebFrontend.Http.HttpProblem<OrleansCache.WebFrontend.Http.ProblemStatus.BadRequest>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    OrleansCache.WebFrontend.Http.BodyProblem,
    OrleansCache.WebFrontend.Http.HttpProblem<OrleansCache.WebFrontend.Http.ProblemStatus.NotFound>,
    OrleansCache.WebFrontend.Http.HttpProblem<OrleansCache.WebFrontend.Http.ProblemStatus.PreconditionFailed>>;

namespace OrleansCache.WebFrontend.Profiles;

/// <summary>
/// The profile routes: validation and HTTP semantics here, everything else in the grains. Each handler's result type
/// lists its answers, which is what the OpenAPI document shows (where two share a status, the later type's schema is
/// shown: a validation problem is the fuller form of a 400).
/// </summary>
internal static class ProfilesApi
{
    public static RouteGroupBuilder MapProfiles(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/profiles").WithTags("Profiles").WithHeadForGet();

        group.MapGet("/", ListProfilesAsync).CompressWhenAsked()
            .WithName("ListProfiles").WithSummary("Lists profiles ordered by created_at, then id.")
            .WithDescription("Every profile, or one page of them with limit and offset. Counts one lookup in the profiles cache.")
            .WithQueryParameter(ProfileRules.Limit, "At most this many profiles; all by default.")
            .WithQueryParameter(ProfileRules.Offset, "Skips this many profiles first; 0 by default.");
        group.MapGet("/{id}", GetProfileAsync)
            .WithName("GetProfile").WithSummary("Reads one profile; If-None-Match with its ETag gives 304.")
            .WithDescription("Answered from the profile's grain, which holds it for the profile TTL; a read after any write " +
                "through the API sees that write. The ETag is the profile's version.")
            .WithRequestHeader("If-None-Match", "Entity tags (or *); 304 without a body when the profile's current ETag is one of them.")
            .WithETag(StatusCodes.Status200OK)
            .WithETag(StatusCodes.Status304NotModified);
        group.MapPost("/", CreateProfileAsync)
            .WithName("CreateProfile").WithSummary("Creates a profile; the id is assigned unless given.")
            .WithDescription("Only name is required. An id that exists already answers 409.")
            .Accepts<ProfileInputDocument>("application/json")
            .WithResponseHeader(StatusCodes.Status201Created, "Location", "The profile's URL, /api/profiles/{id}.")
            .WithETag(StatusCodes.Status201Created);
        group.MapPut("/{id}", ReplaceProfileAsync)
            .WithName("ReplaceProfile").WithSummary("Replaces a profile's client-owned fields; honours If-Match.")
            .WithDescription("Fields left out become null. With If-Match, the write happens only if the profile's ETag is listed (else 412).")
            .Accepts<ProfileInputDocument>("application/json")
            .WithIfMatch()
            .WithETag(StatusCodes.Status200OK);
        group.MapPatch("/{id}", PatchProfileAsync)
            .WithName("PatchProfile").WithSummary("Applies a JSON merge patch (RFC 7396) to a profile; honours If-Match.")
            .WithDescription("Fields given replace the stored ones, null clears an optional field, params merges into the stored object.")
            .Accepts<ProfilePatchDocument>("application/merge-patch+json", "application/json")
            .WithIfMatch()
            .WithETag(StatusCodes.Status200OK);
        group.MapDelete("/{id}", DeleteProfileAsync)
            .WithName("DeleteProfile").WithSummary("Deletes a profile; honours If-Match.")
            .WithDescription("The profile is gone for every reader once this answers.")
            .WithIfMatch();

        return group;
    }

    internal static async Task<Results<ProfileListResult, ValidationProblem>> ListProfilesAsync(HttpRequest request, IGrainFactory grains, NearCache near)
    {
        var errors = new Dictionary<string, string[]>();
        var take = QueryReader.WholeNumber(request.Query, ProfileRules.Limit, errors);
        var skip = QueryReader.WholeNumber(request.Query, ProfileRules.Offset, errors) ?? 0;
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (near.TryGetList(out var all))
        {
            return new ProfileListResult(ProfileListGrant.Page(all, skip, take));
        }

        var list = grains.GetGrain<IProfileListGrain>(IProfileListGrain.Key);
        if (!near.Enabled)
        {
            return new ProfileListResult(await list.GetAsync(skip, take));
        }

        var ticket = near.BeginList();
        var grant = await list.GetNearAsync(near.Reference);
        near.Store(grant, ticket);
        return new ProfileListResult(ProfileListGrant.Page(grant.Profiles, skip, take));
    }

    internal static async Task<Results<StoredJson<ProfileDocument>, NotModifiedResult, ValidationProblem, HttpProblem<ProblemStatus.NotFound>>> GetProfileAsync(
        string id, HttpRequest request, IGrainFactory grains, NearCache near)
    {
        if (!ProfileRules.IsValidId(id))
        {
            return InvalidId();
        }

        if (!near.TryGet(id, out var profile))
        {
            ProfileResult result;
            if (near.Enabled)
            {
                var ticket = near.Begin();
                var grant = await OrleansFailures.CallAsync(
                    (Grain: grains.GetGrain<IProfileGrain>(id), Holder: near.Reference), static s => s.Grain.GetNearAsync(s.Holder));
                near.Store(id, grant, ticket);
                result = grant.Result;
            }
            else
            {
                result = await OrleansFailures.CallAsync(grains.GetGrain<IProfileGrain>(id), static grain => grain.GetAsync());
            }

            if (result.Profile is null)
            {
                return NotFound(id);
            }

            profile = result.Profile;
        }

        return EntityTags.NoneMatch(request.Headers.IfNoneMatch, profile.Version)
            ? new NotModifiedResult(profile.Version)
            : new StoredJson<ProfileDocument>(profile.Json, profile.Version);
    }

    internal static async Task<Results<CreatedStoredJson<ProfileDocument>, ValidationProblem, BodyProblem, HttpProblem<ProblemStatus.Conflict>>> CreateProfileAsync(
        HttpRequest request, IGrainFactory grains, NearCache near, CancellationToken cancellationToken)
    {
        var (read, problem) = await JsonBody.ReadAsync(request, (Kind: ProfileRequestKind.Create, RouteId: (string?)null), ReadProfile, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (read.Input is not { } input)
        {
            return Problems.Validation(read.Errors);
        }

        var given = input.Id;
        while (true)
        {
            // A server-assigned id is random; a collision, however unlikely, just draws another.
            var id = given ?? ProfileIds.New();
            var ticket = near.Begin();
            var result = await OrleansFailures.CallAsync(
                (Grain: grains.GetGrain<IProfileGrain>(id), input.Fields, Writer: near.Writer),
                static s => s.Grain.CreateAsync(s.Fields, s.Writer));
            switch (result)
            {
                case { Outcome: ProfileOutcome.Created, Profile: { } profile }:
                    near.Store(id, result, ticket);
                    return new CreatedStoredJson<ProfileDocument>(profile.Json, profile.Version, $"/api/profiles/{id}");
                case { Outcome: ProfileOutcome.AlreadyExists } when given is not null:
                    return Problems.Conflict($"A profile with id '{id}' already exists.");
                case { Outcome: ProfileOutcome.AlreadyExists }:
                    continue;
                default:
                    throw Unexpected(result);
            }
        }
    }

    internal static Task<WriteAnswer> ReplaceProfileAsync(string id, HttpRequest request, IGrainFactory grains, NearCache near, CancellationToken cancellationToken) =>
        WriteAsync(id, request, ProfileRequestKind.Replace, grains, near,
            static (grain, input, ifMatch, writer) => grain.ReplaceAsync(input.Fields, ifMatch, writer), cancellationToken);

    internal static Task<WriteAnswer> PatchProfileAsync(string id, HttpRequest request, IGrainFactory grains, NearCache near, CancellationToken cancellationToken) =>
        WriteAsync(id, request, ProfileRequestKind.Patch, grains, near,
            static (grain, input, ifMatch, writer) => grain.PatchAsync(new ProfilePatch(input.Present, input.Fields), ifMatch, writer), cancellationToken);

    internal static async Task<Results<NoContent, HttpProblem<ProblemStatus.BadRequest>, ValidationProblem, HttpProblem<ProblemStatus.NotFound>, HttpProblem<ProblemStatus.PreconditionFailed>>> DeleteProfileAsync(
        string id, HttpRequest request, IGrainFactory grains)
    {
        if (!ProfileRules.IsValidId(id))
        {
            return InvalidId();
        }

        if (!EntityTags.TryReadIfMatch(request.Headers.IfMatch, out var ifMatch))
        {
            return MalformedIfMatch();
        }

        var result = await OrleansFailures.CallAsync((Grain: grains.GetGrain<IProfileGrain>(id), IfMatch: ifMatch), static s => s.Grain.DeleteAsync(s.IfMatch));
        return result.Outcome switch
        {
            ProfileOutcome.Deleted => TypedResults.NoContent(),
            ProfileOutcome.NotFound => NotFound(id),
            ProfileOutcome.PreconditionFailed => PreconditionFailed(id),
            _ => throw Unexpected(result),
        };
    }

    private static async Task<WriteAnswer> WriteAsync(
        string id,
        HttpRequest request,
        ProfileRequestKind kind,
        IGrainFactory grains,
        NearCache near,
        Func<IProfileGrain, ProfileRequest, long[]?, INearCache?, Task<ProfileResult>> write,
        CancellationToken cancellationToken)
    {
        if (!ProfileRules.IsValidId(id))
        {
            return InvalidId();
        }

        if (!EntityTags.TryReadIfMatch(request.Headers.IfMatch, out var ifMatch))
        {
            return MalformedIfMatch();
        }

        var (read, problem) = await JsonBody.ReadAsync(request, (Kind: kind, RouteId: (string?)id), ReadProfile, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (read.Input is not { } input)
        {
            return Problems.Validation(read.Errors);
        }

        var ticket = near.Begin();
        var result = await OrleansFailures.CallAsync(
            (Grain: grains.GetGrain<IProfileGrain>(id), Input: input, IfMatch: ifMatch, Writer: near.Writer, Write: write),
            static s => s.Write(s.Grain, s.Input, s.IfMatch, s.Writer));
        near.Store(id, result, ticket);
        return result switch
        {
            { Outcome: ProfileOutcome.Ok, Profile: { } profile } => new StoredJson<ProfileDocument>(profile.Json, profile.Version),
            { Outcome: ProfileOutcome.NotFound } => NotFound(id),
            { Outcome: ProfileOutcome.PreconditionFailed } => PreconditionFailed(id),
            { Outcome: ProfileOutcome.ParamsTooLarge } => Problems.Validation(ProfileRules.Params.Name, $"{ProfileRules.Params.MaxBytesMessage[..^1]}, after the patch is applied."),
            _ => throw Unexpected(result),
        };
    }

    /// <summary>Validates a body while <see cref="JsonBody"/> still holds it: the request, or the errors.</summary>
    private static (ProfileRequest? Input, Dictionary<string, string[]> Errors) ReadProfile(
        System.Text.Json.JsonElement root, (ProfileRequestKind Kind, string? RouteId) target) =>
        (ProfileRequestReader.Read(root, target.Kind, target.RouteId, out var errors), errors);

    private static InvalidOperationException Unexpected(ProfileResult result) => new($"Unexpected profile outcome {result.Outcome}.");

    private static ValidationProblem InvalidId() => Problems.Validation("id", ProfileRules.Id.PatternMessage);

    private static HttpProblem<ProblemStatus.BadRequest> MalformedIfMatch() => Problems.BadRequest("The If-Match header is not a valid list of entity tags.");

    private static HttpProblem<ProblemStatus.NotFound> NotFound(string id) => Problems.NotFound($"No profile has id '{id}'.");

    private static HttpProblem<ProblemStatus.PreconditionFailed> PreconditionFailed(string id) =>
        Problems.PreconditionFailed($"Profile '{id}' does not have the version named in If-Match.");
}
