using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RestoreMutator.Webhook.Tls;

/// <summary>A loaded serving certificate with its chain, ready for TLS handshakes.</summary>
internal sealed record ServingCertificate(X509Certificate2 Leaf, SslStreamCertificateContext Context, bool Generated)
{
    /// <summary>Loads a PEM certificate (leaf first, then any intermediates) and its PEM private key.</summary>
    public static ServingCertificate FromPem(ReadOnlySpan<char> certificatePem, ReadOnlySpan<char> keyPem)
    {
        var leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        var all = new X509Certificate2Collection();
        all.ImportFromPem(certificatePem);
        var intermediates = new X509Certificate2Collection();
        foreach (var cert in all)
        {
            if (cert.Thumbprint != leaf.Thumbprint)
            {
                intermediates.Add(cert);
            }
        }

        return new ServingCertificate(leaf, SslStreamCertificateContext.Create(leaf, intermediates, offline: true), Generated: false);
    }
}
