using System.IO.Compression;
using System.Net;
using System.Text.Json;
using OrleansCache.WebFrontend.Tests.Support;
using static OrleansCache.WebFrontend.Tests.Support.ProfileHttp;

namespace OrleansCache.WebFrontend.Tests.Http;

/// <summary>
/// Large answers (lists, the OpenAPI document) come compressed when the client asks, and decompress to the same JSON;
/// the single-profile read never does.
/// </summary>
[Collection(FrontendCollection.Name)]
public sealed class AnswerCompressionTests(FrontendFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_model_list_asked_for_gzip_comes_gzipped_and_decompresses_to_the_same_json()
    {
        var provider = TestIds.NewProvider();
        await fixture.A.SyncModelsAsync(provider, string.Join(", ", Enumerable.Range(0, 40).Select(i =>
            $$"""{ "id": "m{{i}}", "name": "Model {{i}}", "context_window": 128000, "capabilities": ["chat", "tools"], "enabled": true }""")));
        var route = $"/api/models?provider={provider}";

        using var plain = await GetAsync(route, acceptEncoding: null);
        using var gzipped = await GetAsync(route, "gzip");

        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], gzipped.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", gzipped.Headers.Vary);
        var plainBody = await plain.Content.ReadAsByteArrayAsync(Cancellation);
        var compressed = await gzipped.Content.ReadAsByteArrayAsync(Cancellation);
        Assert.True(compressed.Length < plainBody.Length / 2, $"{compressed.Length} compressed bytes for {plainBody.Length}");
        Assert.Equal(plainBody, Decompress(compressed, bytes => new GZipStream(bytes, CompressionMode.Decompress)));
    }

    [Fact]
    public async Task The_profile_list_and_the_OpenAPI_document_come_in_brotli_when_it_is_preferred()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        foreach (var route in new[] { ProfilesRoute, "/openapi/v1.json" })
        {
            using var response = await GetAsync(route, "gzip;q=0.5, br");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
            var json = Decompress(await response.Content.ReadAsByteArrayAsync(Cancellation), bytes => new BrotliStream(bytes, CompressionMode.Decompress));
            using var document = JsonDocument.Parse(json);
            if (route == ProfilesRoute)
            {
                Assert.Contains(document.RootElement.EnumerateArray(), profile => profile.Id() == id);
            }
            else
            {
                Assert.True(document.RootElement.TryGetProperty("openapi", out _));
            }
        }
    }

    [Fact]
    public async Task A_single_profile_is_never_compressed()
    {
        var id = TestIds.New();
        await fixture.A.CreateProfileAsync(id);

        using var response = await GetAsync(Url(id), "gzip, deflate, br");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        using var profile = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal(id, profile.RootElement.Id());
    }

    private async Task<HttpResponseMessage> GetAsync(string route, string? acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, route);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return await fixture.A.SendAsync(request, Cancellation);
    }

    private static byte[] Decompress(byte[] compressed, Func<Stream, Stream> decompressor)
    {
        using var input = new MemoryStream(compressed);
        using var stream = decompressor(input);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }
}
