using System.Net;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace OrleansCache.Cluster;

/// <summary>Loads the cluster's certificates and decides whether a peer's certificate is one of the cluster's.</summary>
public static class ClusterCertificates
{
    /// <summary>This process's certificate with its private key.</summary>
    public static X509Certificate2 LoadOwn(ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.CertificatePath ?? throw new ArgumentException("No certificate is configured.", nameof(options));
        return options.KeyPath is { } keyPath
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
    }

    /// <summary>The certificates of a PEM bundle.</summary>
    public static X509Certificate2Collection LoadTrusted(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection;
    }

    /// <summary>
    /// Accepts a peer whose certificate chains to one of <paramref name="trusted"/> (when given), or else is the same
    /// certificate as <paramref name="own"/>; in both cases within its validity period. The host name is not
    /// checked (the policy errors Orleans passes would flag a name mismatch): silos are reached by address, and
    /// membership in the cluster is what the certificate proves.
    /// </summary>
    public static RemoteCertificateValidator Validator(X509Certificate2 own, X509Certificate2Collection? trusted, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(clock);
        return (certificate, _, _) =>
        {
            if (trusted is null)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return certificate.RawDataMemory.Span.SequenceEqual(own.RawDataMemory.Span)
                    && certificate.NotBefore.ToUniversalTime() <= now && now <= certificate.NotAfter.ToUniversalTime();
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
            return chain.Build(certificate);
        };
    }

    /// <summary>Configures <paramref name="tls"/> for mutual TLS with the cluster's certificates.</summary>
    public static void Configure(TlsOptions tls, ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var own = LoadOwn(options);
        var trusted = options.TrustedCaPath is { } caPath ? LoadTrusted(caPath) : null;
        tls.LocalCertificate = own;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = Validator(own, trusted, TimeProvider.System);
    }

    /// <summary>
    /// The reason to refuse start-up when cluster traffic would leave loopback without TLS, or null. Each address is
    /// given with the configuration key it comes from, which the reason names.
    /// </summary>
    public static string? RefuseInsecure(ClusterTlsOptions options, IEnumerable<(string Key, string Address)> addresses)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(addresses);
        if (options.IsEnabled || options.AllowInsecure)
        {
            return null;
        }

        foreach (var (key, address) in addresses)
        {
            if (!IsLoopback(address))
            {
                return $"{key}: '{address}' is not a loopback address, and {ClusterTlsOptions.Section}:CertificatePath is not set, so cluster traffic would cross the network unencrypted. " +
                       $"Set {ClusterTlsOptions.Section}:CertificatePath (mutual TLS), or {ClusterTlsOptions.Section}:AllowInsecure=true on a network that is private by other means.";
            }
        }

        return null;
    }

    private static bool IsLoopback(string address) =>
        address.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(address.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
