using OrleansCache.WebFrontend.Hosting;

namespace OrleansCache.HttpBench;

/// <summary>
/// Runs the frontend exactly as its own entry point does (same settings, services, middleware, logging and Kestrel)
/// and adds the baselines under <c>/bench</c>, so that only the data path differs between what is compared.
/// </summary>
internal static class BenchHost
{
    public static Task<int> Main(string[] args) =>
        FrontendApplication.RunAsync(args, Baselines.AddServices, Baselines.Map);
}
