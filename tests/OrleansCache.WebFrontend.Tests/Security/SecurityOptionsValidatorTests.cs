using Microsoft.Extensions.Configuration;
using OrleansCache.WebFrontend.Security;

namespace OrleansCache.WebFrontend.Tests.Security;

/// <summary>
/// <see cref="SecurityOptionsValidator"/>: with no API key, a frontend may listen on loopback only, wherever the
/// address comes from (<c>Urls</c>, <c>ASPNETCORE_HTTP_PORTS</c>, <c>Kestrel:Endpoints</c>); a key or
/// <c>Security:AllowAnonymous=true</c> lifts the refusal. Configuration keys are written as the host reads them:
/// <c>ASPNETCORE_URLS</c> and <c>--urls</c> arrive as <c>urls</c>, <c>ASPNETCORE_HTTP_PORTS</c> as <c>http_ports</c>.
/// </summary>
public sealed class SecurityOptionsValidatorTests
{
    public static TheoryData<string> LoopbackUrls =>
    [
        "http://127.0.0.1:5080",
        "http://localhost:5080",
        "http://LOCALHOST:5080",
        "http://[::1]:5080",
        "https://127.0.0.1:5443",
        "http://localhost",
        "http://127.0.0.2:5080",
        "http://127.0.0.1:5080;http://[::1]:5080;http://localhost:5081",
        " http://127.0.0.1:5080 ; http://localhost:5081 ",
    ];

    public static TheoryData<string> NonLoopbackUrls =>
    [
        "http://0.0.0.0:5080",
        "http://*:5080",
        "http://+:5080",
        "http://[::]:5080",
        "http://192.168.1.20:5080",
        "http://10.0.0.5",
        "https://*:443",
        "http://example.com:5080",
        "http://localhost.example.com:5080",
        "http://127.0.0.1.nip.io:5080",
        "http://127.0.0.1:5080;http://192.168.1.20:5080",
    ];

    [Theory]
    [MemberData(nameof(LoopbackUrls))]
    public void Loopback_urls_pass_without_a_key(string urls) =>
        Assert.Null(Check(Configuration(("urls", urls)), new SecurityOptions()));

    [Fact]
    public void No_listening_address_at_all_passes_without_a_key_because_the_default_is_loopback()
    {
        var configuration = Configuration();

        Assert.True(SecurityOptionsValidator.UsesDefaultUrls(configuration));
        Assert.Null(Check(configuration, new SecurityOptions()));
    }

    [Theory]
    [MemberData(nameof(NonLoopbackUrls))]
    public void Urls_beyond_loopback_are_refused_without_a_key_naming_the_setting(string urls) =>
        AssertRefused(Configuration(("urls", urls)));

    [Fact]
    public void Urls_given_as_Urls_are_read_like_urls() =>
        AssertRefused(Configuration(("Urls", "http://0.0.0.0:5080")));

    [Theory]
    [InlineData("8080")]
    [InlineData("8080;8081")]
    public void Http_ports_alone_bind_every_interface_and_are_refused_without_a_key(string ports) =>
        AssertRefused(Configuration(("http_ports", ports)));

    [Fact]
    public void Urls_on_loopback_win_over_http_ports()
    {
        // Kestrel binds Urls and ignores ASPNETCORE_HTTP_PORTS when both are set.
        Assert.Null(Check(Configuration(("urls", "http://127.0.0.1:5080"), ("http_ports", "8080")), new SecurityOptions()));
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://*:5000")]
    [InlineData("https://192.168.1.20:5001")]
    public void A_kestrel_endpoint_beyond_loopback_is_refused_without_a_key(string url)
    {
        AssertRefused(Configuration(("Kestrel:Endpoints:Web:Url", url)));
        AssertRefused(Configuration(("urls", "http://127.0.0.1:5080"), ("Kestrel:Endpoints:Local:Url", "http://localhost:5081"), ("Kestrel:Endpoints:Web:Url", url)));
    }

    [Fact]
    public void Kestrel_endpoints_on_loopback_pass_without_a_key() =>
        Assert.Null(Check(
            Configuration(("Kestrel:Endpoints:A:Url", "http://127.0.0.1:5000"), ("Kestrel:Endpoints:B:Url", "https://localhost:5001"), ("Kestrel:Endpoints:C:Url", "http://[::1]:5002")),
            new SecurityOptions()));

    public static TheoryData<string, string> EveryRefusedSetting => new()
    {
        { "urls", "http://0.0.0.0:5080" },
        { "urls", "http://*:5080" },
        { "urls", "http://+:5080" },
        { "urls", "http://192.168.1.20:5080" },
        { "http_ports", "8080" },
        { "Kestrel:Endpoints:Web:Url", "http://0.0.0.0:5000" },
    };

    [Theory]
    [MemberData(nameof(EveryRefusedSetting))]
    public void An_api_key_lifts_the_refusal(string key, string value) =>
        Assert.Null(Check(Configuration((key, value)), new SecurityOptions { ApiKey = "secret" }));

    [Theory]
    [MemberData(nameof(EveryRefusedSetting))]
    public void Allowing_anonymous_access_lifts_the_refusal(string key, string value) =>
        Assert.Null(Check(Configuration((key, value)), new SecurityOptions { AllowAnonymous = true }));

    [Fact]
    public void An_empty_api_key_is_no_key() =>
        AssertRefused(Configuration(("urls", "http://0.0.0.0:5080")), new SecurityOptions { ApiKey = "" });

    [Fact]
    public void The_refusal_names_the_address_and_says_how_to_fix_it()
    {
        var refusal = Check(Configuration(("urls", "http://127.0.0.1:5080;http://10.1.2.3:5080")), new SecurityOptions());

        Assert.NotNull(refusal);
        Assert.Contains("http://10.1.2.3:5080", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("http://127.0.0.1:5080", refusal, StringComparison.Ordinal);
        Assert.Contains("Security:ApiKey", refusal, StringComparison.Ordinal);
        Assert.Contains("Security:AllowAnonymous=true", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.NewLine, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Security_options_bind_from_the_security_section()
    {
        var options = Configuration(("Security:ApiKey", "secret"), ("Security:AllowAnonymous", "true"))
            .GetSection(SecurityOptions.Section).Get<SecurityOptions>();

        Assert.NotNull(options);
        Assert.Equal("secret", options.ApiKey);
        Assert.True(options.AllowAnonymous);
        Assert.DoesNotContain("secret", options.ToString(), StringComparison.Ordinal);
    }

    private static void AssertRefused(IConfiguration configuration, SecurityOptions? security = null)
    {
        var refusal = Check(configuration, security ?? new SecurityOptions());

        Assert.NotNull(refusal);
        Assert.Contains("Security:ApiKey", refusal, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    private static string? Check(IConfiguration configuration, SecurityOptions security) =>
        new SecurityOptionsValidator(configuration).Validate(null, security) is { Failed: true } result ? result.FailureMessage : null;
}
