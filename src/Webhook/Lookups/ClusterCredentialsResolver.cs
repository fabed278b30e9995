using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Finds credentials in controller-runtime's order (<c>config.GetConfig</c>): <c>--kubeconfig</c>,
/// then the first file of <c>KUBECONFIG</c>, then the pod's service account, then
/// <c>~/.kube/config</c>. An explicitly named kubeconfig that cannot be used stops startup; an
/// unusable <c>~/.kube/config</c> only turns lookups off (it is often an exec-plugin config).
/// </summary>
public static class ClusterCredentialsResolver
{
    public static CredentialsResolution Resolve(
        LookupMode mode, string? kubeconfigOption, Func<string, string?> environment, string serviceAccountDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (mode == LookupMode.Off)
        {
            return new CredentialsResolution(null, "lookups: off in the configuration");
        }

        var named = !string.IsNullOrEmpty(kubeconfigOption)
            ? kubeconfigOption
            : environment("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (named is not null)
        {
            try
            {
                return new CredentialsResolution(KubeconfigCredentials.Load(named, time), string.Empty);
            }
            catch (InvalidDataException e)
            {
                return new CredentialsResolution(null, e.Message, e.Message);
            }
        }

        if (ServiceAccountCredentials.TryLoad(serviceAccountDirectory, environment("KUBERNETES_SERVICE_HOST"), environment("KUBERNETES_SERVICE_PORT"), time) is { } inCluster)
        {
            return new CredentialsResolution(inCluster, string.Empty);
        }

        var home = environment("HOME");
        var homeConfig = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".kube", "config");
        if (homeConfig is null || !File.Exists(homeConfig))
        {
            return new CredentialsResolution(null, "no credentials: not in a pod, no --kubeconfig, KUBECONFIG or ~/.kube/config");
        }

        try
        {
            return new CredentialsResolution(KubeconfigCredentials.Load(homeConfig, time), string.Empty);
        }
        catch (InvalidDataException e)
        {
            return new CredentialsResolution(null, e.Message);
        }
    }
}
