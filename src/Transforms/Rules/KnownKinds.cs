namespace RestoreMutator.Transforms.Rules;

/// <summary>The kinds restore-mutator knows, with their API groups and resources.</summary>
public static class KnownKinds
{
    public static readonly ResourceKind Pod = new("", "Pod", "pods");
    public static readonly ResourceKind Deployment = new("apps", "Deployment", "deployments");
    public static readonly ResourceKind DaemonSet = new("apps", "DaemonSet", "daemonsets");
    public static readonly ResourceKind ReplicaSet = new("apps", "ReplicaSet", "replicasets");
    public static readonly ResourceKind StatefulSet = new("apps", "StatefulSet", "statefulsets");
    public static readonly ResourceKind Job = new("batch", "Job", "jobs");
    public static readonly ResourceKind CronJob = new("batch", "CronJob", "cronjobs");
    public static readonly ResourceKind ReplicationController = new("", "ReplicationController", "replicationcontrollers");
    public static readonly ResourceKind DeploymentConfig = new("apps.openshift.io", "DeploymentConfig", "deploymentconfigs");
    public static readonly ResourceKind BuildConfig = new("build.openshift.io", "BuildConfig", "buildconfigs");
    public static readonly ResourceKind Build = new("build.openshift.io", "Build", "builds");
    public static readonly ResourceKind ImageStream = new("image.openshift.io", "ImageStream", "imagestreams");
    public static readonly ResourceKind ImageStreamTag = new("image.openshift.io", "ImageStreamTag", "imagestreamtags");
    public static readonly ResourceKind Route = new("route.openshift.io", "Route", "routes");
    public static readonly ResourceKind Ingress = new("networking.k8s.io", "Ingress", "ingresses");
    public static readonly ResourceKind PersistentVolumeClaim = new("", "PersistentVolumeClaim", "persistentvolumeclaims");
    public static readonly ResourceKind PersistentVolume = new("", "PersistentVolume", "persistentvolumes", Namespaced: false);
    public static readonly ResourceKind ServiceAccount = new("", "ServiceAccount", "serviceaccounts");
    public static readonly ResourceKind Secret = new("", "Secret", "secrets");
    public static readonly ResourceKind Service = new("", "Service", "services");
    public static readonly ResourceKind HorizontalPodAutoscaler = new("autoscaling", "HorizontalPodAutoscaler", "horizontalpodautoscalers");
    public static readonly ResourceKind ConfigMap = new("", "ConfigMap", "configmaps");
    public static readonly ResourceKind NetworkPolicy = new("networking.k8s.io", "NetworkPolicy", "networkpolicies");
    public static readonly ResourceKind RoleBinding = new("rbac.authorization.k8s.io", "RoleBinding", "rolebindings");
    public static readonly ResourceKind ClusterRoleBinding = new("rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", Namespaced: false);
    public static readonly ResourceKind OpenShiftRoleBinding = new("authorization.openshift.io", "RoleBinding", "rolebindings");
    public static readonly ResourceKind OpenShiftClusterRoleBinding = new("authorization.openshift.io", "ClusterRoleBinding", "clusterrolebindings", Namespaced: false);

    /// <summary>Kinds whose objects carry image references (SPEC R3).</summary>
    public static readonly IReadOnlyList<ResourceKind> WithImages =
    [
        Pod, Deployment, DaemonSet, ReplicaSet, StatefulSet, Job, CronJob, ReplicationController,
        DeploymentConfig, BuildConfig, Build, ImageStream, ImageStreamTag,
    ];

    /// <summary>Kinds that hold a pod spec, with its location (SPEC R3, P5).</summary>
    public static readonly IReadOnlyList<ResourceKind> WithPodSpec =
    [
        Pod, Deployment, DaemonSet, ReplicaSet, StatefulSet, Job, CronJob, ReplicationController, DeploymentConfig,
    ];

    /// <summary>The JSON pointer of the pod spec inside an object of <paramref name="kind"/>, or null.</summary>
    public static string? PodSpecPath(Admission.GroupKind kind)
    {
        if (kind == Pod.GroupKind)
        {
            return "/spec";
        }

        if (kind == CronJob.GroupKind)
        {
            return "/spec/jobTemplate/spec/template/spec";
        }

        // By index: a foreach over the interface would allocate an enumerator on every review.
        for (var i = 0; i < WithPodSpec.Count; i++)
        {
            if (WithPodSpec[i].GroupKind == kind)
            {
                return "/spec/template/spec";
            }
        }

        return null;
    }
}
