using k8s;
using k8s.Models;

namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// The writes restore-mutator makes to the cluster (the restore report, SPEC X2): ConfigMaps it owns
/// (created, or merge-patched when they exist) and Events. Each is one <see cref="ClusterClient.SendAsync{T}"/> call, so the
/// same timeouts and failure reasons apply.
/// </summary>
internal static class ClusterWrites
{
    /// <summary>
    /// Creates <paramref name="configMap"/>, or, when it exists (409), merge-patches its labels,
    /// annotations and data into the stored one (keys it does not name stay).
    /// </summary>
    public static async Task<ClusterResult<V1ConfigMap>> ApplyConfigMapAsync(this ClusterClient client, V1ConfigMap configMap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configMap);
        var created = await CreateConfigMapAsync(client, configMap, cancellationToken).ConfigureAwait(false);
        return created.Reason == "conflict" ? await MergeConfigMapAsync(client, configMap, cancellationToken).ConfigureAwait(false) : created;
    }

    /// <summary>
    /// Merge-patches <paramref name="configMap"/> into the stored one (one call when it exists, as
    /// after the first write), or creates it when it is gone (404: someone deleted it).
    /// </summary>
    public static async Task<ClusterResult<V1ConfigMap>> UpdateConfigMapAsync(this ClusterClient client, V1ConfigMap configMap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configMap);
        var patched = await MergeConfigMapAsync(client, configMap, cancellationToken).ConfigureAwait(false);
        return patched.IsNotFound ? await CreateConfigMapAsync(client, configMap, cancellationToken).ConfigureAwait(false) : patched;
    }

    /// <summary>Creates a core/v1 Event in its namespace.</summary>
    public static Task<ClusterResult<Corev1Event>> CreateEventAsync(this ClusterClient client, Corev1Event clusterEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(clusterEvent);
        var ns = clusterEvent.Metadata.NamespaceProperty;
        return client.SendAsync($"/api/v1/namespaces/{ns}/events", (api, token) =>
            api.CoreV1.CreateNamespacedEventAsync(clusterEvent, ns, fieldManager: FieldManager, cancellationToken: token), cancellationToken);
    }

    /// <summary>
    /// Writes an Event that is updated as what it reports moves (one per replica and restore, SPEC X2):
    /// merge-patches its message, count and last timestamp when it exists (created back when it is
    /// gone: Events expire after an hour by default), else creates it (patched on 409).
    /// </summary>
    public static async Task<ClusterResult<Corev1Event>> ApplyEventAsync(this ClusterClient client, Corev1Event clusterEvent, bool exists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(clusterEvent);
        if (exists)
        {
            var patched = await PatchEventAsync(client, clusterEvent, cancellationToken).ConfigureAwait(false);
            return patched.IsNotFound ? await client.CreateEventAsync(clusterEvent, cancellationToken).ConfigureAwait(false) : patched;
        }

        var created = await client.CreateEventAsync(clusterEvent, cancellationToken).ConfigureAwait(false);
        return created.Reason == "conflict" ? await PatchEventAsync(client, clusterEvent, cancellationToken).ConfigureAwait(false) : created;
    }

    private static Task<ClusterResult<V1ConfigMap>> CreateConfigMapAsync(ClusterClient client, V1ConfigMap configMap, CancellationToken cancellationToken)
    {
        var ns = configMap.Metadata.NamespaceProperty;
        return client.SendAsync($"/api/v1/namespaces/{ns}/configmaps", (api, token) =>
            api.CoreV1.CreateNamespacedConfigMapAsync(configMap, ns, fieldManager: FieldManager, cancellationToken: token), cancellationToken);
    }

    private static Task<ClusterResult<V1ConfigMap>> MergeConfigMapAsync(ClusterClient client, V1ConfigMap configMap, CancellationToken cancellationToken)
    {
        var ns = configMap.Metadata.NamespaceProperty;
        var name = configMap.Metadata.Name;
        var patch = new V1Patch(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["metadata"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["labels"] = configMap.Metadata.Labels,
                ["annotations"] = configMap.Metadata.Annotations,
            },
            ["data"] = configMap.Data,
        }, V1Patch.PatchType.MergePatch);
        return client.SendAsync($"/api/v1/namespaces/{ns}/configmaps/{name}", (api, token) =>
            api.CoreV1.PatchNamespacedConfigMapAsync(patch, name, ns, fieldManager: FieldManager, cancellationToken: token), cancellationToken);
    }

    private static Task<ClusterResult<Corev1Event>> PatchEventAsync(ClusterClient client, Corev1Event clusterEvent, CancellationToken cancellationToken)
    {
        var ns = clusterEvent.Metadata.NamespaceProperty;
        var name = clusterEvent.Metadata.Name;
        var patch = new V1Patch(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["message"] = clusterEvent.Message,
            ["count"] = clusterEvent.Count,
            ["lastTimestamp"] = clusterEvent.LastTimestamp?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        }, V1Patch.PatchType.MergePatch);
        return client.SendAsync($"/api/v1/namespaces/{ns}/events/{name}", (api, token) =>
            api.CoreV1.PatchNamespacedEventAsync(patch, name, ns, fieldManager: FieldManager, cancellationToken: token), cancellationToken);
    }

    /// <summary>The field manager named in server-side field ownership.</summary>
    public const string FieldManager = "restore-mutator";
}
