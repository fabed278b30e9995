using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC P5: nodes of the source cluster do not exist in the destination. A pod pinned to one
/// would stay Pending: <c>nodeName</c> is removed, and a <c>nodeSelector</c> entry
/// <c>kubernetes.io/hostname</c> is replaced through <c>nodes.mapping</c>, or removed when the node
/// is not mapped. Pods and every pod template of SPEC R3 get the same change, so a restored
/// Deployment, its ReplicaSets and its pods keep identical templates (no rollout). Other
/// nodeSelector entries (zones, roles) are left alone. SPEC V2: with lookups on, an unmapped node
/// that exists in the destination (K5) is kept, as Velero keeps a PVC's selected node; a node that
/// could not be looked up counts as absent (removing the pin is the safe side: the scheduler picks).
/// </summary>
internal sealed class NodeRemapRule(NodeSettings nodes) : IMutationRule
{
    public const string HostnameLabel = "kubernetes.io/hostname";

    /// <summary>The two pointers of each pod-spec location (a handful, from KnownKinds), made once instead of on every review.</summary>
    private static readonly ConcurrentDictionary<string, (string NodeName, string HostnameSelector)> Pointers = new(StringComparer.Ordinal);

    public string Family => Families.Nodes;

    public IReadOnlyCollection<ResourceKind> Kinds => KnownKinds.WithPodSpec;

    /// <summary>V2/P5: whether an unmapped hostname selector's node exists in the destination (K5).</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
        if (HostnameSelector(request.Object, request.Kind.GroupKind) is ({ } path, { } node)
            && !MutationContext.IsUnchangedByUpdate(request, path)
            && NameMapping.Resolve(nodes.Mapping, node, out _) == NameMapping.Result.Unmapped)
        {
            facts.RequireNode(node);
        }
    }

    public void Apply(MutationContext context)
    {
        var specPath = KnownKinds.PodSpecPath(context.Request.Kind.GroupKind);
        if (specPath is null || !PatchBuilder.TryResolve(context.Object, specPath, out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        // A pod the scheduler bound since CREATE carries its destination node on every UPDATE.
        var nodeNamePath = PointersOf(specPath).NodeName;
        if (spec.TryGetString("nodeName", out _) && !context.IsUnchangedByUpdate(nodeNamePath))
        {
            context.Patch.Remove(nodeNamePath);
        }

        if (HostnameSelector(context.Object, context.Request.Kind.GroupKind) is not ({ } entryPath, { } node) || context.IsUnchangedByUpdate(entryPath))
        {
            return;
        }

        switch (NameMapping.Resolve(nodes.Mapping, node, out var mapped))
        {
            case NameMapping.Result.Mapped:
                context.Patch.ReplaceString(entryPath, mapped);
                break;
            case NameMapping.Result.Unmapped when !context.Facts.NodeExists(node):
                context.Patch.Remove(entryPath);
                break;
        }
    }

    /// <summary>The pointer and value of the pod spec's <c>kubernetes.io/hostname</c> selector, if any.</summary>
    private static (string? Path, string? Node) HostnameSelector(JsonElement obj, GroupKind kind)
    {
        var specPath = KnownKinds.PodSpecPath(kind);
        if (specPath is null || !PatchBuilder.TryResolve(obj, specPath, out var spec) || spec.ValueKind != JsonValueKind.Object
            || !spec.TryGetObject("nodeSelector", out var selector) || !selector.TryGetString(HostnameLabel, out var node))
        {
            return (null, null);
        }

        return (PointersOf(specPath).HostnameSelector, node);
    }

    private static (string NodeName, string HostnameSelector) PointersOf(string specPath) =>
        Pointers.GetOrAdd(specPath, static path => (JsonPointer.Append(path, "nodeName"), JsonPointer.Append(JsonPointer.Append(path, "nodeSelector"), HostnameLabel)));
}
