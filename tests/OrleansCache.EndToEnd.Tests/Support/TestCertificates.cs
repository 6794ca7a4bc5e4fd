using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCache.EndToEnd.Tests.Support;

/// <summary>
/// A throw-away certificate authority and certificates it signs, written as PEM files into a folder, the way an
/// operator hands them to the processes (<c>Orleans:Tls:CertificatePath</c>, <c>KeyPath</c>, <c>TrustedCaPath</c>).
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly RSA _caKey = RSA.Create(2048);
    private readonly X509Certificate2 _ca;

    public TestCertificates(string folder)
    {
        Folder = folder;
        var request = new CertificateRequest("CN=orleanscache-test-ca", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        CaPath = Path.Combine(folder, "ca.pem");
        File.WriteAllText(CaPath, _ca.ExportCertificatePem());
    }

    public string Folder { get; }

    /// <summary>The CA's certificate, for <c>Orleans:Tls:TrustedCaPath</c>.</summary>
    public string CaPath { get; }

    /// <summary>Issues a certificate for <paramref name="name"/> at <paramref name="address"/>; returns its <c>Orleans:Tls:*</c> arguments.</summary>
    public IReadOnlyList<string> Issue(string name, IPAddress address)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.Create(_ca, _ca.NotBefore, _ca.NotAfter, RandomNumberGenerator.GetBytes(8));
        var certificatePath = Path.Combine(Folder, $"{name}.pem");
        var keyPath = Path.Combine(Folder, $"{name}.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return [$"--Orleans:Tls:CertificatePath={certificatePath}", $"--Orleans:Tls:KeyPath={keyPath}", $"--Orleans:Tls:TrustedCaPath={CaPath}"];
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
    }
}
