using Orleans.Concurrency;

namespace OrleansCache.Profiles;

/// <summary>
/// One profile, keyed by its id: read from memory, written through to the database, dropped from memory an
/// absolute TTL after it was loaded or last written.
/// </summary>
[Alias("cache.IProfileGrain")]
public interface IProfileGrain : IGrainWithStringKey
{
    /// <summary>Returns the profile (<see cref="ProfileOutcome.Ok"/>) or <see cref="ProfileOutcome.NotFound"/>. Counts one lookup.</summary>
    [ReadOnly, Alias("get")]
    ValueTask<ProfileResult> GetAsync();

    /// <summary>
    /// As <see cref="GetAsync"/>, and grants <paramref name="holder"/> a lease on the answer: until it ends, a write
    /// is acknowledged only after <paramref name="holder"/> confirmed its invalidation (or the lease ran out).
    /// </summary>
    [ReadOnly, Alias("get-near")]
    ValueTask<Caching.NearGrant> GetNearAsync(Caching.INearCache holder);

    /// <summary>
    /// Creates the profile with version 1 (<see cref="ProfileOutcome.Created"/>), or answers
    /// <see cref="ProfileOutcome.AlreadyExists"/>. The row is committed before this returns. A <paramref name="writer"/>
    /// is granted a lease on what it created (<see cref="ProfileResult.Lease"/>), as on a lookup.
    /// </summary>
    [ResponseTimeout(Caching.NearCacheOptions.ChangeResponseTimeout), Alias("create")]
    Task<ProfileResult> CreateAsync(ProfileFields fields, Caching.INearCache? writer = null);

    /// <summary>
    /// Replaces the client-owned fields. <paramref name="ifMatch"/> lists the versions the caller accepts
    /// (null: any). Answers Ok, NotFound or PreconditionFailed; committed, and every other holder's copy revoked, before
    /// it returns. A <paramref name="writer"/> is granted a lease on the new version (<see cref="ProfileResult.Lease"/>),
    /// so its own next read is answered from its memory.
    /// </summary>
    [ResponseTimeout(Caching.NearCacheOptions.ChangeResponseTimeout), Alias("replace")]
    Task<ProfileResult> ReplaceAsync(ProfileFields fields, long[]? ifMatch, Caching.INearCache? writer = null);

    /// <summary>Applies a merge patch; otherwise as <see cref="ReplaceAsync"/>.</summary>
    [ResponseTimeout(Caching.NearCacheOptions.ChangeResponseTimeout), Alias("patch")]
    Task<ProfileResult> PatchAsync(ProfilePatch patch, long[]? ifMatch, Caching.INearCache? writer = null);

    /// <summary>Deletes the profile: Deleted, NotFound or PreconditionFailed; committed before it returns.</summary>
    [ResponseTimeout(Caching.NearCacheOptions.ChangeResponseTimeout), Alias("delete")]
    Task<ProfileResult> DeleteAsync(long[]? ifMatch);
}
