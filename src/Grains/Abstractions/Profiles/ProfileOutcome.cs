namespace OrleansCache.Profiles;

/// <summary>How a profile grain answered a call.</summary>
public enum ProfileOutcome
{
    /// <summary>Read or updated; the result carries the profile.</summary>
    Ok,

    /// <summary>Created; the result carries the new profile.</summary>
    Created,

    /// <summary>Deleted.</summary>
    Deleted,

    /// <summary>No profile has this id.</summary>
    NotFound,

    /// <summary>A create named an id that already exists.</summary>
    AlreadyExists,

    /// <summary>An If-Match precondition did not match the current version.</summary>
    PreconditionFailed,

    /// <summary>A merge patch would make <c>params</c> larger than <see cref="ProfileRules.ParamsMaxBytes"/>; nothing was written.</summary>
    ParamsTooLarge,
}
