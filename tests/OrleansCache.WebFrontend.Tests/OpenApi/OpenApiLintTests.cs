using System.Text.Json;

namespace OrleansCache.WebFrontend.Tests.OpenApi;

/// <summary>
/// <c>/openapi/v1.json</c> through two OpenAPI linters with their standard rulesets, unchanged
/// (<c>tools/openapi/redocly.yaml</c>, <c>tools/openapi/spectral.yaml</c>): no error and no warning from either.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class OpenApiLintTests(FrontendFixture fixture)
{
    [Fact]
    public async Task Passes_Redocly_recommended_rules_without_errors_or_warnings()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await OpenApiTools.EnsureInstalledAsync(cancellationToken);
        var document = await OpenApiTools.SaveDocumentAsync(fixture.A, cancellationToken);

        var lint = await OpenApiTools.NodeAsync(
            "@redocly/cli/bin/cli.js",
            ["lint", document, "--config", Path.Combine(OpenApiTools.Folder, "redocly.yaml"), "--format", "json"],
            Path.GetDirectoryName(document)!,
            cancellationToken);

        using var report = JsonDocument.Parse(lint.StandardOutput);
        var totals = report.RootElement.GetProperty("totals");
        Assert.True(
            totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0,
            $"redocly lint (exit code {lint.ExitCode}) reported problems:\n{lint.Output}");
        Assert.Equal(0, lint.ExitCode);
    }

    [Fact]
    public async Task Passes_Spectral_oas_rules_without_errors_or_warnings()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await OpenApiTools.EnsureInstalledAsync(cancellationToken);
        var document = await OpenApiTools.SaveDocumentAsync(fixture.A, cancellationToken);

        // --fail-severity=warn: a warning makes the exit code 1, as an error does.
        var lint = await OpenApiTools.NodeAsync(
            "@stoplight/spectral-cli/dist/index.js",
            ["lint", document, "--ruleset", Path.Combine(OpenApiTools.Folder, "spectral.yaml"), "--fail-severity=warn", "--format=text"],
            Path.GetDirectoryName(document)!,
            cancellationToken);

        Assert.True(lint.ExitCode == 0, $"spectral lint reported problems (exit code {lint.ExitCode}):\n{lint.Output}");
    }
}
