using Microsoft.AspNetCore.ResponseCompression;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// ASP.NET Core's response compression (Brotli, then gzip, as the client's Accept-Encoding prefers) for the routes whose
/// answers can be large (lists, the OpenAPI document), and for those only: the middleware runs in a branch that the
/// other requests never enter, so the hot single-profile read (a few hundred bytes, where compression would cost more
/// CPU than the bytes it saves) pays for neither the middleware's body wrapper nor a compressor.
/// </summary>
internal static class AnswerCompression
{
    /// <summary>Registers the compression providers. JSON only: problems (application/problem+json) stay as they are.</summary>
    public static IServiceCollection AddAnswerCompression(this IServiceCollection services) =>
        services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["application/json"];
        });

    /// <summary>Marks a route (or a group's routes) whose answers are compressed when the client asks.</summary>
    public static TBuilder CompressWhenAsked<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(CompressibleAnswer.Instance);

    /// <summary>Compresses the answers of the routes marked with <see cref="CompressWhenAsked{TBuilder}"/>.</summary>
    public static IApplicationBuilder UseAnswerCompression(this IApplicationBuilder app) =>
        app.UseWhen(
            static context => context.GetEndpoint()?.Metadata.GetMetadata<CompressibleAnswer>() is not null,
            static branch => branch.UseResponseCompression());
}
