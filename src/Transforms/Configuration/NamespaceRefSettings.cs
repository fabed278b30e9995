namespace RestoreMutator.Transforms.Configuration;

/// <summary><c>namespaceRefs</c> (N1-N4): references to renamed namespaces inside restored objects.</summary>
public sealed record NamespaceRefSettings
{
    /// <summary>
    /// N4 (opt-in): rewrite Service DNS names <c>&lt;svc&gt;.&lt;ns&gt;.svc[.cluster.local]</c> in container env
    /// values and ConfigMap data. Off by default: it changes free text an application reads, and
    /// routing ConfigMaps to the webhook costs a call per restored ConfigMap.
    /// </summary>
    public bool ServiceDns { get; init; }
}
