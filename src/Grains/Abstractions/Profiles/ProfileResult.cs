namespace OrleansCache.Profiles;

/// <summary>
/// The answer of a profile grain: an outcome and, where there is one, the profile; after a write that named its
/// writer's near cache, the lease the writer was granted on the new version.
/// </summary>
[GenerateSerializer, Immutable, Alias("cache.ProfileResult")]
public sealed record ProfileResult(
    [property: Id(0)] ProfileOutcome Outcome,
    [property: Id(1)] ProfileSnapshot? Profile)
{
    public static readonly ProfileResult NotFound = new(ProfileOutcome.NotFound, null);
    public static readonly ProfileResult AlreadyExists = new(ProfileOutcome.AlreadyExists, null);
    public static readonly ProfileResult PreconditionFailed = new(ProfileOutcome.PreconditionFailed, null);
    public static readonly ProfileResult Deleted = new(ProfileOutcome.Deleted, null);
    public static readonly ProfileResult ParamsTooLarge = new(ProfileOutcome.ParamsTooLarge, null);

    /// <summary>How long the writer may answer <see cref="Profile"/> from memory, counted from when it sent the write (zero: not at all).</summary>
    [Id(2)]
    public TimeSpan Lease { get; init; }
}
