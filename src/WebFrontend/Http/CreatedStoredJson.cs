using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace OrleansCache.WebFrontend.Http;

/// <summary>201 with JSON a grain serialized, its ETag and Location (see <see cref="StoredJson{TShape}"/>).</summary>
internal sealed class CreatedStoredJson<TShape>(byte[] json, long version, string location) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status201Created;

    public Task ExecuteAsync(HttpContext httpContext) =>
        StoredJson<TShape>.WriteAsync(httpContext, StatusCodes.Status201Created, json, version, location);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(TShape), ["application/json"]));
}
