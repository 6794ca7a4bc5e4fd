namespace OrleansCache.EndToEnd.Tests.Reliability.Fuzzing;

/// <summary>What exists in the database while the fuzzer runs: it is never to change.</summary>
internal sealed record FuzzWorld(IReadOnlyList<string> ProfileIds, string Provider, IReadOnlyList<string> ModelIds);
