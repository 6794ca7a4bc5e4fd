namespace OrleansCache.Cluster;

/// <summary>
/// TLS for cluster traffic (silo to silo, frontend to gateway), mutual: every process presents its certificate and
/// accepts only peers whose certificate chains to <see cref="TrustedCaPath"/>, or, without one, the same certificate
/// as its own (one certificate shared by the cluster). Host names are not checked: silos are reached by address.
/// Bound from <c>Orleans:Tls</c>. Traffic that leaves loopback needs it, unless <see cref="AllowInsecure"/> says otherwise.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Orleans:Tls";

    /// <summary>This process's certificate: a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) with its key, or a PEM certificate with <see cref="KeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="CertificatePath"/>, if it has one.</summary>
    [Redact]
    public string? CertificatePassword { get; set; }

    /// <summary>PEM certificates of the authorities whose certificates peers may present; absent, peers must present this process's own certificate.</summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>Lets cluster traffic leave loopback without TLS (<c>Orleans:Tls:AllowInsecure</c>): only for a network that is private by other means.</summary>
    public bool AllowInsecure { get; set; }

    /// <summary>True when a certificate is configured.</summary>
    public bool IsEnabled => !string.IsNullOrEmpty(CertificatePath);
}
