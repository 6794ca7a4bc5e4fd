namespace OrleansCache.Measure;

internal sealed class MemoryResult(int profiles, double jsonBytes)
{
    public int Profiles { get; } = profiles;

    /// <summary>The mean size of one profile's JSON, as the grain holds it.</summary>
    public double JsonBytes { get; } = jsonBytes;

    public List<MemoryRun> Runs { get; } = [];

    public double PerProfile(Func<MemorySample, long?> figure, Func<MemoryRun, MemorySample> at, MemoryRun run) =>
        ((figure(at(run)) ?? 0) - (figure(run.Before) ?? 0)) / (double)Profiles;
}
