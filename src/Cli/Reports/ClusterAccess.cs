using System.Net;
using System.Security.Authentication;
using k8s;
using k8s.Exceptions;
using RestoreMutator.Webhook.Cluster;

namespace RestoreMutator.Cli.Reports;

/// <summary>
/// An API client for the operator's own credentials, found as kubectl finds them:
/// <c>--kubeconfig</c>, else the first file of <c>KUBECONFIG</c>, else <c>~/.kube/config</c>, else
/// the pod's service account. Unlike the webhook, exec and auth-provider plugins are allowed:
/// an operator runs this as they run kubectl. The server certificate is checked for its host name
/// and against the kubeconfig's CA (<see cref="ServerTrust"/>, as the webhook does).
/// </summary>
internal static class ClusterAccess
{
    /// <summary>One list call needs no more; a slow API server is reported, not waited for.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The client; throws <see cref="InvalidDataException"/> with one line when no usable credentials exist.</summary>
    public static Kubernetes Connect(string? kubeconfig)
    {
        KubernetesClientConfiguration configuration;
        try
        {
            var named = !string.IsNullOrEmpty(kubeconfig)
                ? kubeconfig
                : Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (named is not null)
            {
                configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(named);
            }
            else if (File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation))
            {
                configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile();
            }
            else if (KubernetesClientConfiguration.IsInCluster())
            {
                configuration = KubernetesClientConfiguration.InClusterConfig();
            }
            else
            {
                throw new InvalidDataException("no credentials: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config");
            }
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidDataException($"cannot use the kubeconfig: {e.Message}", e);
        }

        var trust = new ServerTrust(configuration.SslCaCerts, configuration.SkipTlsVerify);
        configuration.SslCaCerts = null;
        configuration.SkipTlsVerify = false;
        configuration.HttpClientTimeout = Timeout;
        configuration.FirstMessageHandlerSetup = handler =>
        {
            handler.AllowAutoRedirect = false;
            handler.AutomaticDecompression = DecompressionMethods.GZip;
            handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            handler.SslOptions.RemoteCertificateValidationCallback = trust.Validate;
        };
        return new Kubernetes(configuration);
    }
}
