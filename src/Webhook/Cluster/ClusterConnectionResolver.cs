using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// Finds credentials in controller-runtime's order (<c>config.GetConfig</c>): <c>--kubeconfig</c>,
/// then the first file of <c>KUBECONFIG</c>, then the pod's service account, then
/// <c>~/.kube/config</c>. An explicitly named kubeconfig that cannot be used stops startup; an
/// unusable <c>~/.kube/config</c> only turns lookups off (it is often an exec-plugin config).
/// </summary>
internal static class ClusterConnectionResolver
{
    public static ConnectionResolution Resolve(
        LookupMode mode, string? kubeconfigOption, Func<string, string?> environment, string serviceAccountDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (mode == LookupMode.Off)
        {
            return new ConnectionResolution(null, "lookups: off in the configuration");
        }

        var named = !string.IsNullOrEmpty(kubeconfigOption)
            ? kubeconfigOption
            : environment("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (named is not null)
        {
            try
            {
                return new ConnectionResolution(KubeconfigConnection.Load(named, time), string.Empty);
            }
            catch (InvalidDataException e)
            {
                return new ConnectionResolution(null, e.Message, e.Message);
            }
        }

        if (InClusterConnection.TryLoad(serviceAccountDirectory, environment("KUBERNETES_SERVICE_HOST"), environment("KUBERNETES_SERVICE_PORT"), time) is { } inCluster)
        {
            return new ConnectionResolution(inCluster, string.Empty);
        }

        var home = environment("HOME");
        var homeConfig = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".kube", "config");
        if (homeConfig is null || !File.Exists(homeConfig))
        {
            return new ConnectionResolution(null, "no credentials: not in a pod, no --kubeconfig, KUBECONFIG or ~/.kube/config");
        }

        try
        {
            return new ConnectionResolution(KubeconfigConnection.Load(homeConfig, time), string.Empty);
        }
        catch (InvalidDataException e)
        {
            return new ConnectionResolution(null, e.Message);
        }
    }
}
