using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC P5: nodes of the source cluster do not exist in the destination. A pod pinned to one
/// would stay Pending: <c>nodeName</c> is removed, and a <c>nodeSelector</c> entry
/// <c>kubernetes.io/hostname</c> is replaced through <c>nodes.mapping</c>, or removed when the node
/// is not mapped. Pods and every pod template of SPEC R3 get the same change, so a restored
/// Deployment, its ReplicaSets and its pods keep identical templates (no rollout). Other
/// nodeSelector entries (zones, roles) are left alone.
/// </summary>
public sealed class NodeRemapRule(NodeSettings nodes) : IMutationRule
{
    public const string HostnameLabel = "kubernetes.io/hostname";

    public string Family => Families.Nodes;

    public IReadOnlyCollection<ResourceKind> Kinds => KnownKinds.WithPodSpec;

    public void Apply(MutationContext context)
    {
        var specPath = KnownKinds.PodSpecPath(context.Request.Kind.GroupKind);
        if (specPath is null || !PatchBuilder.TryResolve(context.Object, specPath, out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        // A pod the scheduler bound since CREATE carries its destination node on every UPDATE.
        var nodeNamePath = JsonPointer.Append(specPath, "nodeName");
        if (spec.TryGetString("nodeName", out _) && !context.IsUnchangedByUpdate(nodeNamePath))
        {
            context.Patch.Remove(nodeNamePath);
        }

        var entryPath = JsonPointer.Append(JsonPointer.Append(specPath, "nodeSelector"), HostnameLabel);
        if (!spec.TryGetObject("nodeSelector", out var selector) || !selector.TryGetString(HostnameLabel, out var node)
            || context.IsUnchangedByUpdate(entryPath))
        {
            return;
        }

        switch (NameMapping.Resolve(nodes.Mapping, node, out var mapped))
        {
            case NameMapping.Result.Mapped:
                context.Patch.Replace(entryPath, JsonValue.Create(mapped));
                break;
            case NameMapping.Result.Unmapped:
                context.Patch.Remove(entryPath);
                break;
        }
    }
}
