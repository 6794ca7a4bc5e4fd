namespace OrleansCache.Profiles;

/// <summary>
/// The body of a JSON merge patch (RFC 7396, PATCH): the fields of a create or replace, none of them required. A field given replaces the stored one, null clears an optional field, an absent field stays, and
/// <c>params</c> merges into the stored object.
/// </summary>
public sealed record ProfilePatchDocument : ProfileInputDocument;
