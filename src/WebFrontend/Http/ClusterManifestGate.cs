using Orleans.Metadata;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// Answers API requests with 503 (Retry-After) until the Orleans client has received the cluster's manifest from a
/// silo. Before that the client knows no grain type, so resolving a grain reference would fail with an
/// <see cref="ArgumentException"/>. Checking first is what makes this exact: the manifest only ever goes from
/// absent to present, so a request let through here can resolve its grains, whereas telling such an exception
/// apart after the fact races with the manifest's arrival (a request that failed just before it arrived would be a
/// 500).
/// </summary>
internal sealed class ClusterManifestGate(RequestDelegate next, IClusterManifestProvider manifest, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (manifest.Current.Version != MajorMinorVersion.MinValue
            || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        return UnavailableExceptionHandler.WriteUnavailableAsync(
            context, problems, "The cache cluster is not reachable yet; retry shortly.").AsTask();
    }
}
