using k8s;
using k8s.Models;

namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// The writes restore-mutator makes to the cluster: a ConfigMap it owns (created, or merge-patched
/// when it exists) and Events. Each is one <see cref="ClusterClient.SendAsync{T}"/> call, so the
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
        var ns = configMap.Metadata.NamespaceProperty;
        var name = configMap.Metadata.Name;
        var collection = $"/api/v1/namespaces/{ns}/configmaps";
        var created = await client.SendAsync(collection, (api, token) =>
            api.CoreV1.CreateNamespacedConfigMapAsync(configMap, ns, fieldManager: FieldManager, cancellationToken: token), cancellationToken).ConfigureAwait(false);
        if (created.Reason != "conflict")
        {
            return created;
        }

        var patch = new V1Patch(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["metadata"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["labels"] = configMap.Metadata.Labels,
                ["annotations"] = configMap.Metadata.Annotations,
            },
            ["data"] = configMap.Data,
        }, V1Patch.PatchType.MergePatch);
        return await client.SendAsync($"{collection}/{name}", (api, token) =>
            api.CoreV1.PatchNamespacedConfigMapAsync(patch, name, ns, fieldManager: FieldManager, cancellationToken: token), cancellationToken).ConfigureAwait(false);
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

    /// <summary>The field manager named in server-side field ownership.</summary>
    public const string FieldManager = "restore-mutator";
}
