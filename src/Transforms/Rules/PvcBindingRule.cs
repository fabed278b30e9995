using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC V2, V3: a PVC's binding annotations describe the source cluster. The scheduler's
/// <c>volume.kubernetes.io/selected-node</c> names a node the destination may not have (a PVC
/// with <c>WaitForFirstConsumer</c> would wait for it forever): it is mapped through
/// <c>nodes.mapping</c> (unchecked: the mapping wins); else, with lookups on, kept when that node
/// exists in the destination (K5; Velero's change-pvc-node-selector does the same); else removed
/// (also when the node lookup failed: the scheduler then selects again). A PVC without <c>spec.volumeName</c> will be provisioned
/// anew, so the binding and provisioner annotations of the old volume go (the PV controller would
/// otherwise treat the claim as already bound, or wait for the old provisioner). Velero removes
/// the same keys itself in current versions; this makes the result right with any restore tool.
/// </summary>
internal sealed class PvcBindingRule(NodeSettings nodes) : IMutationRule
{
    public const string SelectedNodeAnnotation = "volume.kubernetes.io/selected-node";

    /// <summary>Annotations that only make sense for a claim bound to an existing volume (V3).</summary>
    public static readonly IReadOnlyList<string> StaleBindingAnnotations =
    [
        "pv.kubernetes.io/bind-completed",
        "pv.kubernetes.io/bound-by-controller",
        "volume.beta.kubernetes.io/storage-provisioner",
        "volume.kubernetes.io/storage-provisioner",
    ];

    private const string AnnotationsPath = "/metadata/annotations";

    public string Family => Families.PvcBinding;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.PersistentVolumeClaim];

    /// <summary>V2: whether an unmapped selected node exists in the destination (K5), on CREATE.</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
        if (request.Operation == AdmissionOperation.Create
            && request.Object.GetAnnotation(SelectedNodeAnnotation) is { } node
            && NameMapping.Resolve(nodes.Mapping, node, out _) == NameMapping.Result.Unmapped)
        {
            facts.RequireNode(node);
        }
    }

    public void Apply(MutationContext context)
    {
        // CREATE only: after creation the scheduler writes the destination's selected-node and the
        // PV controller the provisioner annotations, by UPDATE; removing them there would stall
        // provisioning (an external provisioner only acts on claims annotated for it).
        if (!context.IsCreate)
        {
            return;
        }

        if (context.Annotation(SelectedNodeAnnotation) is { } node)
        {
            switch (NameMapping.Resolve(nodes.Mapping, node, out var mapped))
            {
                case NameMapping.Result.Mapped:
                    context.Patch.ReplaceString(JsonPointer.Append(AnnotationsPath, SelectedNodeAnnotation), mapped);
                    break;
                case NameMapping.Result.Unmapped when !context.Facts.NodeExists(node):
                    context.Patch.RemoveMapEntry(AnnotationsPath, SelectedNodeAnnotation);
                    break;
            }
        }

        var bound = context.Object.TryGetObject("spec", out var spec) && spec.TryGetString("volumeName", out var volume) && volume.Length > 0;
        if (!bound)
        {
            foreach (var key in StaleBindingAnnotations)
            {
                context.Patch.RemoveMapEntry(AnnotationsPath, key);
            }
        }
    }
}
