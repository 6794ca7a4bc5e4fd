namespace OrleansCache.Measure;

internal sealed class ReliefResult(int profiles, string spread, string cold)
{
    public int Profiles { get; } = profiles;

    public string Spread { get; } = spread;

    public string Cold { get; } = cold;

    public List<double> SpreadReads { get; } = [];

    public List<double> SpreadMisses { get; } = [];

    public List<double> SpreadSeconds { get; } = [];

    public List<double> ColdReads { get; } = [];

    public List<double> ColdMisses { get; } = [];

    public List<double> ColdSeconds { get; } = [];

    public List<double> BaselineReads { get; } = [];
}
