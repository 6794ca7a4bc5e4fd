using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OrleansCache.Profiles;
using OrleansCache.WebFrontend.Http;
using OrleansCache.WebFrontend.OpenApi;

namespace OrleansCache.WebFrontend.Profiles;

/// <summary>The profile routes: validation and HTTP semantics here, everything else in the grains.</summary>
internal static class ProfilesApi
{
    public static RouteGroupBuilder MapProfiles(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/profiles").WithTags("Profiles");

        group.MapGet("/", ListProfilesAsync)
            .WithName("ListProfiles").WithSummary("Lists profiles ordered by created_at, then id.")
            .WithIntegerQueryParameter("limit", 1, ProfileRules.ListLimitMax, "At most this many profiles (1-1000); all by default.")
            .WithIntegerQueryParameter("offset", 0, null, "Skips this many profiles first (at least 0); 0 by default.")
            .Produces<ProfileDocument[]>()
            .ProducesValidationProblem();
        group.MapGet("/{id}", GetProfileAsync)
            .WithName("GetProfile").WithSummary("Reads one profile; If-None-Match with its ETag gives 304.")
            .Produces<ProfileDocument>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithRequestHeader("If-None-Match", "Entity tags (or *); 304 without a body when the profile's current ETag is one of them.")
            .WithETag(StatusCodes.Status200OK)
            .WithETag(StatusCodes.Status304NotModified);
        group.MapPost("/", CreateProfileAsync)
            .WithName("CreateProfile").WithSummary("Creates a profile; the id is assigned unless given.")
            .Accepts<ProfileInputDocument>("application/json")
            .Produces<ProfileDocument>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesBodyProblems()
            .WithResponseHeader(StatusCodes.Status201Created, "Location", "The profile's URL, /api/profiles/{id}.")
            .WithETag(StatusCodes.Status201Created);
        group.MapPut("/{id}", ReplaceProfileAsync)
            .WithName("ReplaceProfile").WithSummary("Replaces a profile's client-owned fields; honours If-Match.")
            .Accepts<ProfileInputDocument>("application/json")
            .ProducesWriteAnswers();
        group.MapPatch("/{id}", PatchProfileAsync)
            .WithName("PatchProfile").WithSummary("Applies a JSON merge patch (RFC 7396) to a profile; honours If-Match.")
            .Accepts<ProfileInputDocument>("application/merge-patch+json", "application/json")
            .ProducesWriteAnswers();
        group.MapDelete("/{id}", DeleteProfileAsync)
            .WithName("DeleteProfile").WithSummary("Deletes a profile; honours If-Match.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithIfMatch();

        return group;
    }

    internal static async Task<IResult> ListProfilesAsync(
        [FromQuery] string? limit, [FromQuery] string? offset, HttpRequest request, IGrainFactory grains)
    {
        // The bound parameters describe the route in OpenAPI; the query itself is read, since the binder takes
        // "limit=" for no limit and joins "limit=1&limit=2" into one value.
        var errors = new Dictionary<string, string[]>();
        limit = SingleQueryValue(request.Query, "limit", errors);
        offset = SingleQueryValue(request.Query, "offset", errors);
        int? take = null;
        if (limit is not null && !errors.ContainsKey("limit"))
        {
            if (TryParseDigits(limit, out var parsed) && parsed is >= 1 and <= ProfileRules.ListLimitMax)
            {
                take = parsed;
            }
            else
            {
                errors["limit"] = ["limit must be an integer from 1 to 1000."];
            }
        }

        var skip = 0;
        if (offset is not null && !errors.ContainsKey("offset") && !TryParseDigits(offset, out skip))
        {
            errors["offset"] = ["offset must be an integer of at least 0."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var profiles = await grains.GetGrain<IProfileListGrain>(IProfileListGrain.Key).GetAsync(skip, take);
        return new ProfileListResult(profiles);
    }

    internal static async Task<IResult> GetProfileAsync(string id, HttpRequest request, IGrainFactory grains)
    {
        if (!ProfileRules.IsValidId(id))
        {
            return InvalidId();
        }

        var result = await OrleansFailures.CallAsync(grains.GetGrain<IProfileGrain>(id), static grain => grain.GetAsync());
        if (result.Profile is not { } profile)
        {
            return NotFound(id);
        }

        return EntityTags.NoneMatch(request.Headers.IfNoneMatch, profile.Version)
            ? new NotModifiedResult(profile.Version)
            : new Utf8JsonResult(profile.Json, version: profile.Version);
    }

    internal static async Task<IResult> CreateProfileAsync(HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
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

        if (input.Id is { } id)
        {
            return Created(id, await CreateAsync(grains.GetGrain<IProfileGrain>(id), input.Fields));
        }

        // A server-assigned id is random; a collision, however unlikely, just draws another.
        while (true)
        {
            id = ProfileIds.New();
            var result = await CreateAsync(grains.GetGrain<IProfileGrain>(id), input.Fields);
            if (result.Outcome != ProfileOutcome.AlreadyExists)
            {
                return Created(id, result);
            }
        }
    }

    internal static Task<IResult> ReplaceProfileAsync(string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken) =>
        WriteAsync(id, request, ProfileRequestKind.Replace, grains,
            (grain, input, ifMatch) => grain.ReplaceAsync(input.Fields, ifMatch), cancellationToken);

    internal static Task<IResult> PatchProfileAsync(string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken) =>
        WriteAsync(id, request, ProfileRequestKind.Patch, grains,
            (grain, input, ifMatch) => grain.PatchAsync(new ProfilePatch(input.Present, input.Fields), ifMatch), cancellationToken);

    internal static async Task<IResult> DeleteProfileAsync(string id, HttpRequest request, IGrainFactory grains)
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
            _ => Failure(id, result),
        };
    }

    private static Task<ProfileResult> CreateAsync(IProfileGrain grain, ProfileFields fields) =>
        OrleansFailures.CallAsync((Grain: grain, Fields: fields), static s => s.Grain.CreateAsync(s.Fields));

    private static async Task<IResult> WriteAsync(
        string id,
        HttpRequest request,
        ProfileRequestKind kind,
        IGrainFactory grains,
        Func<IProfileGrain, ProfileRequest, long[]?, Task<ProfileResult>> write,
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

        var result = await OrleansFailures.CallAsync(
            (Grain: grains.GetGrain<IProfileGrain>(id), Input: input, IfMatch: ifMatch, Write: write), static s => s.Write(s.Grain, s.Input, s.IfMatch));
        return result is { Outcome: ProfileOutcome.Ok, Profile: { } profile }
            ? new Utf8JsonResult(profile.Json, version: profile.Version)
            : Failure(id, result);
    }

    /// <summary>Validates a body while <see cref="JsonBody"/> still holds it: the request, or the errors.</summary>
    private static (ProfileRequest? Input, Dictionary<string, string[]> Errors) ReadProfile(
        System.Text.Json.JsonElement root, (ProfileRequestKind Kind, string? RouteId) target) =>
        (ProfileRequestReader.Read(root, target.Kind, target.RouteId, out var errors), errors);

    private static IResult Created(string id, ProfileResult result) =>
        result is { Outcome: ProfileOutcome.Created, Profile: { } profile }
            ? new Utf8JsonResult(profile.Json, StatusCodes.Status201Created, profile.Version, $"/api/profiles/{id}")
            : Failure(id, result);

    private static IResult Failure(string id, ProfileResult result) => result.Outcome switch
    {
        ProfileOutcome.NotFound => NotFound(id),
        ProfileOutcome.AlreadyExists => Problems.Conflict($"A profile with id '{id}' already exists."),
        ProfileOutcome.PreconditionFailed => Problems.PreconditionFailed($"Profile '{id}' does not have the version named in If-Match."),
        ProfileOutcome.ParamsTooLarge => Problems.Validation("params", "params must be at most 64 KiB when serialized, after the patch is applied."),
        _ => throw new InvalidOperationException($"Unexpected profile outcome {result.Outcome}."),
    };

    /// <summary>The one value of <paramref name="name"/> (empty when given without one), null when absent; an error when given twice.</summary>
    private static string? SingleQueryValue(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            errors[name] = [$"{name} may be given once."];
        }

        return values.Count == 0 ? null : values[0] ?? string.Empty;
    }

    /// <summary>
    /// Only ASCII digits: <c>int.TryParse</c> also takes signs, surrounding white space and trailing NUL characters
    /// ("1\0" was read as 1).
    /// </summary>
    private static bool TryParseDigits(string text, out int value)
    {
        value = 0;
        return text.Length > 0
            && !text.AsSpan().ContainsAnyExceptInRange('0', '9')
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static ValidationProblem InvalidId() => Problems.Validation("id", "The id must match [A-Za-z0-9_-]{1,64}.");

    private static ProblemHttpResult MalformedIfMatch() => Problems.BadRequest("The If-Match header is not a valid list of entity tags.");

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"No profile has id '{id}'.");
}
