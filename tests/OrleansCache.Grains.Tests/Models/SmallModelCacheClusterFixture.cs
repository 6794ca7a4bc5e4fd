using System.Globalization;
using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Models;

/// <summary>A cluster whose model cache holds few answers, so tests can fill it and watch what it evicts.</summary>
public sealed class SmallModelCacheClusterFixture : ClusterFixture
{
    public const int MaxEntries = 50;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Cache:Models:MaxEntries", MaxEntries.ToString(CultureInfo.InvariantCulture))];
}
