using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// How the API server's certificate is checked: for the host name always, and against the cluster
/// CA when one is configured (else the system store), as client-go does. KubernetesClient's own
/// check with a CA configured accepts a certificate issued by that CA for any name, so the client
/// is given no CA and this check is installed instead (by <c>ClusterClient</c>, and by the report command of src/Cli, which compiles this file too).
/// </summary>
/// <param name="Authority">Certificates trusted for the API server; null means the system trust store.</param>
/// <param name="InsecureSkipVerify">kubeconfig <c>insecure-skip-tls-verify</c>: no check at all (development only).</param>
internal sealed record ServerTrust(X509Certificate2Collection? Authority, bool InsecureSkipVerify = false)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (InsecureSkipVerify)
        {
            return true;
        }

        if (Authority is null)
        {
            return errors == SslPolicyErrors.None;
        }

        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        // The name matched; the chain is re-built against the cluster CA alone (not the system store).
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(Authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
