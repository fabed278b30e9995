namespace RestoreMutator.Transforms.Rules;

/// <summary>Names of behaviour families as recorded in <c>restore-mutator.io/applied</c> (SPEC S7).</summary>
public static class Families
{
    /// <summary>Image reference rewrites and the destination record (R1-R4).</summary>
    public const string Registry = "registry";

    /// <summary>Generated route hosts (T1).</summary>
    public const string RouteHost = "route-host";

    /// <summary>Route and Ingress subdomain rewrites (T2).</summary>
    public const string RouteDomain = "route-domain";

    /// <summary>Build pods and controller-managed pods not restored (P1-P3).</summary>
    public const string PodSkip = "pod-skip";

    /// <summary>OpenShift Builds not restored (B1).</summary>
    public const string BuildSkip = "build-skip";

    /// <summary>Node pinning removed or remapped in pods and pod templates (P5).</summary>
    public const string Nodes = "nodes";

    /// <summary>Storage class remaps (V1).</summary>
    public const string StorageClass = "storage-class";

    /// <summary>PVC node and binding annotations (V2, V3).</summary>
    public const string PvcBinding = "pvc-binding";

    /// <summary>References to renamed namespaces inside objects (N1-N4, and O6).</summary>
    public const string NamespaceRefs = "namespace-refs";

    /// <summary>The other OpenShift Velero plugin restore fix-ups (O1-O5).</summary>
    public const string OpenShiftFixups = "openshift-fixups";

    /// <summary>Renames of dockercfg pull/push secrets to the destination's (P6, B2).</summary>
    public const string PullSecrets = "pull-secret";

    /// <summary>The entry of <c>restore-mutator.io/applied</c> naming the profile in force for a changed object (X1).</summary>
    public static string Profile(string name) => "profile:" + name;
}
