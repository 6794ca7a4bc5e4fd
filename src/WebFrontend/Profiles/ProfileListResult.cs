using System.Buffers;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using OrleansCache.Profiles;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Profiles;

/// <summary>Writes a JSON array of stored profile JSON, to be revalidated before reuse (<see cref="CacheHeaders"/>).</summary>
internal sealed class ProfileListResult(ImmutableArray<ProfileSnapshot> profiles) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ProfileDocument[]), ["application/json"]));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = CacheHeaders.Revalidate;
        var length = 2L + Math.Max(0, profiles.Length - 1);
        foreach (var profile in profiles)
        {
            length += profile.Json.Length;
        }

        response.ContentLength = length;
        var writer = response.BodyWriter;
        writer.Write("["u8);
        for (var i = 0; i < profiles.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(","u8);
            }

            writer.Write(profiles[i].Json);
        }

        writer.Write("]"u8);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
