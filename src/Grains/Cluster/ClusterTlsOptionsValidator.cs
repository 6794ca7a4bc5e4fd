using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace OrleansCache.Cluster;

/// <summary>Refuses TLS settings whose files cannot be read as a certificate with its private key (and a CA bundle).</summary>
public sealed class ClusterTlsOptionsValidator : IValidateOptions<ClusterTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions options)
    {
        if (!options.IsEnabled)
        {
            return options.KeyPath is null && options.TrustedCaPath is null && options.CertificatePassword is null
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{ClusterTlsOptions.Section}:CertificatePath is required when other {ClusterTlsOptions.Section} settings are given.");
        }

        // The certificate libraries say only "error during a cryptographic operation" for a file that is not there.
        foreach (var (key, path) in new[] { ("CertificatePath", options.CertificatePath), ("KeyPath", options.KeyPath), ("TrustedCaPath", options.TrustedCaPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                return ValidateOptionsResult.Fail($"{ClusterTlsOptions.Section}:{key}: '{path}' does not exist.");
            }
        }

        try
        {
            using var certificate = ClusterCertificates.LoadOwn(options);
            if (!certificate.HasPrivateKey)
            {
                return ValidateOptionsResult.Fail(
                    $"{ClusterTlsOptions.Section}:CertificatePath: '{options.CertificatePath}' has no private key (give a PKCS#12 file with its key, or {ClusterTlsOptions.Section}:KeyPath).");
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return ValidateOptionsResult.Fail($"{ClusterTlsOptions.Section}:CertificatePath: cannot load '{options.CertificatePath}': {ex.Message}");
        }

        if (options.TrustedCaPath is { } caPath)
        {
            try
            {
                if (ClusterCertificates.LoadTrusted(caPath).Count == 0)
                {
                    return ValidateOptionsResult.Fail($"{ClusterTlsOptions.Section}:TrustedCaPath: '{caPath}' holds no certificate.");
                }
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                return ValidateOptionsResult.Fail($"{ClusterTlsOptions.Section}:TrustedCaPath: cannot load '{caPath}': {ex.Message}");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
