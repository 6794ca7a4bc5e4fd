namespace OrleansCache.WebFrontend.Near;

/// <summary>When a lookup was sent (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) and in which clear generation.</summary>
public readonly record struct NearTicket(long SentAt, long Generation);
