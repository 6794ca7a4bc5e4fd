using OrleansCache.Testing;

namespace OrleansCache.Grains.Tests.Models;

/// <summary>
/// The model cache counters of every silo added up, with the database reads: take one before and one after, and
/// <see cref="Since"/> gives what happened in between.
/// </summary>
internal readonly record struct ModelCounts(long Hits, long Misses, long Entries, long Reads)
{
    public static ModelCounts Of(ClusterFixture fixture)
    {
        long hits = 0, misses = 0, entries = 0;
        foreach (var silo in fixture.SiloCounts())
        {
            hits += silo.Totals.ModelHits;
            misses += silo.Totals.ModelMisses;
            entries += silo.ModelEntries;
        }

        return new ModelCounts(hits, misses, entries, fixture.DatabaseStatements().Reads);
    }

    public ModelCounts Since(ModelCounts before) =>
        new(Hits - before.Hits, Misses - before.Misses, Entries - before.Entries, Reads - before.Reads);
}
