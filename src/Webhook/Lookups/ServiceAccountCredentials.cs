using System.Security.Cryptography.X509Certificates;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// In-cluster credentials, as client-go's <c>rest.InClusterConfig</c> finds them: the pod's service
/// account token and cluster CA under <see cref="DefaultDirectory"/>, the API server from
/// <c>KUBERNETES_SERVICE_HOST</c>/<c>KUBERNETES_SERVICE_PORT</c>.
/// </summary>
public static class ServiceAccountCredentials
{
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Projected tokens rotate; re-read the file when the copy in memory is older than this (as client-go).</summary>
    public static readonly TimeSpan TokenRefresh = TimeSpan.FromMinutes(1);

    /// <summary>The credentials, or null when not running in a pod (no service host or no token file).</summary>
    public static ClusterCredentials? TryLoad(string directory, string? host, string? port, TimeProvider time)
    {
        var tokenPath = Path.Combine(directory, "token");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port) || !File.Exists(tokenPath)
            || !int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var portNumber))
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

        return new ClusterCredentials
        {
            Server = new UriBuilder(Uri.UriSchemeHttps, host, portNumber).Uri,
            CertificateAuthority = authority,
            Token = BearerToken.FromFile(tokenPath, TokenRefresh, time),
            Source = "in-cluster service account",
        };
    }
}
