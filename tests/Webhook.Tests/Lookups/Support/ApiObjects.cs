namespace RestoreMutator.Webhook.Tests.Lookups.Support;

/// <summary>Realistic API answers, shaped like those of an OpenShift 4 cluster with Velero/OADP.</summary>
public static class ApiObjects
{
    public const string Registry = "image-registry.openshift-image-registry.svc:5000";
    public const string AppsDomain = "apps.dest.example.com";

    /// <summary>A Restore hook (P3) that runs a command in the <c>app: web</c> pods of the source namespace <c>shop-old</c>.</summary>
    public const string WarmCacheHook = """
        {"resources": [{"name": "warm-cache", "includedNamespaces": ["shop-old"], "includedResources": ["pods"],
                        "labelSelector": {"matchLabels": {"app": "web"}},
                        "postHooks": [{"exec": {"container": "web", "command": ["/opt/warm-cache.sh"], "onError": "Continue"}}]}]}
        """;

    public static string Restore(string name, string mappingJson = """{"shop-old": "shop", "billing-old": "billing"}""", string hooksJson = "{}") => $$$"""
        {"apiVersion": "velero.io/v1", "kind": "Restore",
         "metadata": {"name": "{{{name}}}", "namespace": "openshift-adp", "uid": "8d5c7a1e-3f4b-4a8e-9c2d-1b6e0f9a7c31",
                      "resourceVersion": "48213", "generation": 1, "creationTimestamp": "2026-11-20T23:58:02Z",
                      "labels": {"velero.io/storage-location": "default"}},
         "spec": {"backupName": "nightly", "includedNamespaces": ["shop-old", "billing-old"],
                  "namespaceMapping": {{{mappingJson}}}, "restorePVs": true, "existingResourcePolicy": "none",
                  "hooks": {{{hooksJson}}}, "itemOperationTimeout": "4h0m0s"},
         "status": {"phase": "InProgress", "startTimestamp": "2026-11-20T23:58:03Z",
                    "progress": {"totalItems": 124, "itemsRestored": 37} } }
        """;

    public static string RestoreList(params string[] items) => $$$"""
        {"apiVersion": "velero.io/v1", "kind": "RestoreList", "metadata": {"resourceVersion": "48290"},
         "items": [{{{string.Join(",\n", items)}}}]}
        """;

    /// <summary>OpenShift 4.16+: the account names its pull secret in an annotation.</summary>
    public static string ServiceAccount416(string ns, string name, string secret) => $$$"""
        {"apiVersion": "v1", "kind": "ServiceAccount",
         "metadata": {"name": "{{{name}}}", "namespace": "{{{ns}}}", "uid": "0b9c2f55-5d0e-4f64-8f7e-2a3c9d1e4b77",
                      "annotations": {"openshift.io/internal-registry-pull-secret-ref": "{{{secret}}}"}},
         "imagePullSecrets": [{"name": "{{{secret}}}"}], "secrets": [{"name": "{{{secret}}}"}]}
        """;

    /// <summary>Before 4.16: the generated secret is only listed; a stale restored entry may come first.</summary>
    public static string ServiceAccountLegacy(string ns, string name, params string[] pullSecrets) => $$$"""
        {"apiVersion": "v1", "kind": "ServiceAccount",
         "metadata": {"name": "{{{name}}}", "namespace": "{{{ns}}}", "uid": "4e1a7b3c-9d2f-4c8a-b6e5-7f0d3a2c1b98"},
         "imagePullSecrets": [{{{string.Join(", ", pullSecrets.Select(s => "{\"name\": \"" + s + "\"}"))}}}],
         "secrets": [{"name": "{{{name}}}-token-x7k2m"}]}
        """;

    /// <summary>A Node as the API serves it (K5 only needs it to exist); labels and status trimmed to typical fields.</summary>
    public static string Node(string name) => $$$"""
        {"apiVersion": "v1", "kind": "Node",
         "metadata": {"name": "{{{name}}}", "uid": "5f2e8c1a-7b3d-4e9f-a6c2-0d1b3e5f7a92", "resourceVersion": "90127",
                      "labels": {"kubernetes.io/hostname": "{{{name}}}", "node-role.kubernetes.io/worker": ""}},
         "spec": {"providerID": "aws:///us-east-1b/i-0abc123def4567890"},
         "status": {"capacity": {"cpu": "8", "memory": "32Gi"},
                    "conditions": [{"type": "Ready", "status": "True"}],
                    "images": [{"names": ["quay.io/openshift/origin-pod:4.16"], "sizeBytes": 2048000}]}}
        """;

    /// <summary>A StorageClass as the API serves it.</summary>
    public static string StorageClass(string name) => $$$"""
        {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
         "metadata": {"name": "{{{name}}}", "uid": "9a1c3e5f-2b4d-4f6a-8c0e-1d3f5a7c9e21"},
         "provisioner": "ebs.csi.aws.com", "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer",
         "parameters": {"type": "gp3"}}
        """;

    public const string Image = """
        {"apiVersion": "config.openshift.io/v1", "kind": "Image",
         "metadata": {"name": "cluster", "generation": 2, "resourceVersion": "30211"},
         "spec": {"additionalTrustedCA": {"name": ""}},
         "status": {"internalRegistryHostname": "image-registry.openshift-image-registry.svc:5000"}}
        """;

    public const string Ingress = """
        {"apiVersion": "config.openshift.io/v1", "kind": "Ingress",
         "metadata": {"name": "cluster", "generation": 1},
         "spec": {"domain": "apps.dest.example.com", "loadBalancer": {"platform": {"type": ""}}},
         "status": {"defaultPlacement": "Workers"}}
        """;

    public const string Version = """
        {"major": "1", "minor": "31+", "gitVersion": "v1.31.6+f2d1d8b", "gitCommit": "f2d1d8b0e1a3", "gitTreeState": "clean",
         "buildDate": "2026-10-02T10:11:12Z", "goVersion": "go1.22.9", "compiler": "gc", "platform": "linux/amd64"}
        """;

    public const string NotFoundStatus = """
        {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": "the server could not find the requested resource", "reason": "NotFound", "code": 404}
        """;

    public const string ForbiddenStatus = """
        {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": "forbidden: User \"system:serviceaccount:restore-mutator:restore-mutator\" cannot get resource", "reason": "Forbidden", "code": 403}
        """;
}
