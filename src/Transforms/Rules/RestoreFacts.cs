namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// What the webhook read from the Velero <c>Restore</c> a request belongs to (SPEC K1): its identity,
/// annotations, its own <c>spec.namespaceMapping</c> and the hook selectors of
/// <c>spec.hooks.resources</c>. Null in <see cref="ClusterFacts.Restore"/> when the Restore was not
/// read (lookups off, not found, failed).
/// </summary>
public sealed record RestoreFacts
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);

    public required string Name { get; init; }

    public string Uid { get; init; } = string.Empty;

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = Empty;

    /// <summary>The Restore's own <c>spec.namespaceMapping</c> (source to target), without the configured fallback.</summary>
    public IReadOnlyDictionary<string, string> NamespaceMapping { get; init; } = Empty;

    /// <summary>Entries of <c>spec.hooks.resources</c> that run at least one hook (<c>postHooks</c>), in order.</summary>
    public IReadOnlyList<RestoreHookSelector> Hooks { get; init; } = [];

    /// <summary>
    /// The first hook that selects a pod now in <paramref name="targetNamespace"/>, or null. The
    /// namespace lists are checked against the pod's source namespace (the reverse of the Restore's
    /// mapping: the OpenShift plugin's reading, SPEC P3; every source when several map to one target)
    /// and against the target namespace itself (Velero's own reading: its exec and init hook
    /// handlers match the namespace the pod is created in). Either one keeps the pod: keeping a pod
    /// costs a duplicate its controller removes, skipping it loses the hook.
    /// </summary>
    public RestoreHookSelector? HookSelecting(string targetNamespace, IReadOnlyDictionary<string, string> labels)
    {
        if (Hooks.Count == 0)
        {
            return null;
        }

        var namespaces = NamespaceMapping.Where(pair => pair.Value == targetNamespace).Select(pair => pair.Key).Append(targetNamespace).ToArray();
        return Hooks.FirstOrDefault(hook => namespaces.Any(ns => hook.SelectsPod(ns, labels)));
    }
}
