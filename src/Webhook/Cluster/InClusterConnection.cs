using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// In-cluster credentials, as client-go's <c>rest.InClusterConfig</c> (and KubernetesClient's
/// <c>InClusterConfig</c>) find them: the pod's service account token and cluster CA under
/// <see cref="DefaultDirectory"/>, the API server from <c>KUBERNETES_SERVICE_HOST</c>/<c>PORT</c>.
/// Built here rather than by <c>KubernetesClientConfiguration.InClusterConfig</c> for the token that
/// survives a failed re-read (<see cref="RotatingTokenFile"/>), the name check of the server
/// certificate (<see cref="ServerTrust"/>), and a directory tests can point elsewhere.
/// </summary>
internal static class InClusterConnection
{
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The connection, or null when not running in a pod (no service host or port, or no token file).</summary>
    public static ClusterConnection? TryLoad(string directory, string? host, string? port, TimeProvider time)
    {
        var tokenPath = Path.Combine(directory, "token");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port) || !File.Exists(tokenPath)
            || !int.TryParse(port, CultureInfo.InvariantCulture, out var portNumber))
        {
            return null;
        }

        X509Certificate2Collection? authority = null;
        var caPath = Path.Combine(directory, "ca.crt");
        if (File.Exists(caPath))
        {
            authority = [];
            authority.ImportFromPemFile(caPath);
        }

        var configuration = new KubernetesClientConfiguration
        {
            Host = new UriBuilder(Uri.UriSchemeHttps, host, portNumber).Uri.AbsoluteUri,
            TokenProvider = RotatingTokenFile.Open(tokenPath, RotatingTokenFile.DefaultRefresh, time),
        };
        return new ClusterConnection(configuration, new ServerTrust(authority), "in-cluster service account");
    }
}
