using System.Security.Cryptography.X509Certificates;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>How to reach and authenticate to the API server: from the pod's service account or a kubeconfig.</summary>
public sealed record ClusterCredentials
{
    /// <summary>API server base address; a path prefix (proxies such as Rancher) is kept.</summary>
    public required Uri Server { get; init; }

    /// <summary>Certificates trusted for the API server; null means the system trust store.</summary>
    public X509Certificate2Collection? CertificateAuthority { get; init; }

    /// <summary>kubeconfig <c>insecure-skip-tls-verify</c>: no server certificate check (development only).</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    public BearerToken? Token { get; init; }

    /// <summary>Client certificate with its private key (kubeconfig <c>client-certificate</c> + <c>client-key</c>).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Where these came from, for the startup log: "in-cluster service account", "kubeconfig PATH (context X)".</summary>
    public required string Source { get; init; }
}
