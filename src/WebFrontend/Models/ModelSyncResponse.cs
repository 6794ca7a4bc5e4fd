namespace OrleansCache.WebFrontend.Models;

/// <summary>What a sync answers: how many models it inserted, updated, left unchanged and removed.</summary>
internal sealed record ModelSyncResponse(string Provider, int Inserted, int Updated, int Unchanged, int Removed);
