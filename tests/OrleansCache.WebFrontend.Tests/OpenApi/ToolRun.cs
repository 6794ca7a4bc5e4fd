namespace OrleansCache.WebFrontend.Tests.OpenApi;

/// <summary>How a tool's run ended: its exit code, its standard output and error interleaved, and its standard output alone.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string StandardOutput);
