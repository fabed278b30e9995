using k8s;

namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// How to reach and authenticate to the API server: KubernetesClient's configuration (server,
/// token or token provider, client certificate) with its own server check turned off, and the
/// check <see cref="ClusterClient"/> installs in its place.
/// </summary>
/// <param name="Configuration">Server, credentials and client certificate, in KubernetesClient's terms (no CA, no skip-verify: see <paramref name="Trust"/>).</param>
/// <param name="Trust">The server certificate check.</param>
/// <param name="Source">Where these came from, for the startup log: "in-cluster service account", "kubeconfig PATH (context X)".</param>
internal sealed record ClusterConnection(KubernetesClientConfiguration Configuration, ServerTrust Trust, string Source)
{
    /// <summary>API server base address; a path prefix (proxies such as Rancher) is kept.</summary>
    public Uri Server => new(Configuration.Host, UriKind.Absolute);
}
