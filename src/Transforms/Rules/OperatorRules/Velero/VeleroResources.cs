using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules.OperatorRules.Velero;

/// <summary>
/// The plural lowercase resource names of Velero's <c>groupResource</c> (<c>deployments.apps</c>,
/// <c>pods</c>) and the kinds they stand for (U5). Admission requests carry kinds, so a resource
/// outside this table cannot be matched and is a load error that names the table's groups.
/// </summary>
public static class VeleroResources
{
    private static readonly Dictionary<string, GroupKind> Kinds = Build();

    /// <summary>The groups the table knows, for error messages.</summary>
    public static IReadOnlyList<string> Groups { get; } =
        Kinds.Values.Select(k => k.Group.Length == 0 ? "core" : k.Group).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The kind of <paramref name="groupResource"/> (<c>resource</c> or <c>resource.group</c>).</summary>
    public static bool TryGetKind(string groupResource, out GroupKind kind) => Kinds.TryGetValue(groupResource, out kind);

    private static Dictionary<string, GroupKind> Build()
    {
        var table = new Dictionary<string, GroupKind>(StringComparer.Ordinal);
        void Add(string group, params string[] kinds)
        {
            foreach (var kind in kinds)
            {
                var resource = Plural(kind.ToLowerInvariant());
                table.Add(group.Length == 0 ? resource : $"{resource}.{group}", new GroupKind(group, kind));
            }
        }

        Add(string.Empty, "Pod", "Service", "ConfigMap", "Secret", "ServiceAccount", "PersistentVolumeClaim", "PersistentVolume",
            "Namespace", "Endpoints", "Event", "LimitRange", "ResourceQuota", "ReplicationController", "Node", "PodTemplate");
        Add("apps", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision");
        Add("batch", "Job", "CronJob");
        Add("networking.k8s.io", "Ingress", "NetworkPolicy", "IngressClass");
        Add("discovery.k8s.io", "EndpointSlice");
        Add("rbac.authorization.k8s.io", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
        Add("storage.k8s.io", "StorageClass", "VolumeAttachment", "CSIDriver", "CSINode");
        Add("policy", "PodDisruptionBudget");
        Add("autoscaling", "HorizontalPodAutoscaler");
        Add("route.openshift.io", "Route");
        Add("build.openshift.io", "Build", "BuildConfig");
        Add("image.openshift.io", "ImageStream", "ImageStreamTag", "ImageTag", "Image");
        Add("apps.openshift.io", "DeploymentConfig");
        Add("velero.io", "Backup", "Restore", "Schedule", "BackupStorageLocation", "VolumeSnapshotLocation", "PodVolumeBackup",
            "PodVolumeRestore", "BackupRepository", "DeleteBackupRequest", "DownloadRequest", "ServerStatusRequest", "DataUpload", "DataDownload");
        return table;
    }

    // Kubernetes' plural of these kinds: "endpoints" stays, "-ss" and "-y" are the only other rules needed here.
    private static string Plural(string kind) => kind switch
    {
        "endpoints" => kind,
        _ when kind.EndsWith("ss", StringComparison.Ordinal) => kind + "es",
        _ when kind.EndsWith("policy", StringComparison.Ordinal) => kind[..^1] + "ies",
        _ => kind + "s",
    };
}
