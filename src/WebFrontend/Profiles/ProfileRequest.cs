using OrleansCache.Profiles;

namespace OrleansCache.WebFrontend.Profiles;

/// <summary>A validated create, replace or patch body: the client-given id (create only), the fields, and which were present.</summary>
internal sealed record ProfileRequest(string? Id, ProfileFields Fields, ProfileFieldMask Present);
