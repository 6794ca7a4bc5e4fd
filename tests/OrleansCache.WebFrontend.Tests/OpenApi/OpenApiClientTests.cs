namespace OrleansCache.WebFrontend.Tests.OpenApi;

/// <summary>
/// A TypeScript client generated from the served <c>/openapi/v1.json</c> with openapi-typescript (called with
/// openapi-fetch) type-checks, with <c>tsc --noEmit</c> in strict mode, a script of the calls a client naturally
/// makes (<c>Client/calls.ts</c>: minimal and full creates, a one-field merge patch with If-Match, paging, a sync with
/// only its required fields, model filters, a model id with '/', stats, clears, each problem) and refuses, as the
/// API does, what the script marks <c>@ts-expect-error</c> (strings for numbers, a create without a name, ...).
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class OpenApiClientTests(FrontendFixture fixture)
{
    [Fact]
    public async Task A_client_generated_from_the_document_type_checks_natural_calls()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await OpenApiTools.EnsureInstalledAsync(cancellationToken);
        var document = await OpenApiTools.SaveDocumentAsync(fixture.A, cancellationToken);
        var folder = Path.GetDirectoryName(document)!;
        foreach (var file in new[] { "calls.ts", "tsconfig.json" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "OpenApi", "Client", file), Path.Combine(folder, file));
        }

        var generate = await OpenApiTools.NodeAsync(
            "openapi-typescript/bin/cli.js", [document, "--output", Path.Combine(folder, "api.d.ts")], folder, cancellationToken);
        Assert.True(generate.ExitCode == 0, $"openapi-typescript failed (exit code {generate.ExitCode}):\n{generate.Output}");

        var check = await OpenApiTools.NodeAsync("typescript/bin/tsc", ["--project", Path.Combine(folder, "tsconfig.json")], folder, cancellationToken);
        Assert.True(check.ExitCode == 0, $"tsc found errors in calls.ts against the generated client (exit code {check.ExitCode}):\n{check.Output}");
    }
}
