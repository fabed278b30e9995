using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC O6: a DeploymentConfig's image-change triggers name the namespace of the ImageStreamTag
/// they watch. When that namespace was restored under another name, the trigger follows it,
/// through the restore's namespace mapping of <em>that</em> namespace (the OpenShift Velero
/// plugin sets the DeploymentConfig's own namespace instead, which is wrong for shared image
/// namespaces). Unmapped namespaces (e.g. <c>openshift</c>) stay. Family <c>namespace-refs</c>
/// with the other references to renamed namespaces (SPEC N2).
/// </summary>
internal sealed class DeploymentConfigTriggerRule : IMutationRule
{
    public string Family => Families.NamespaceRefs;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.DeploymentConfig];

    /// <summary>O6 maps trigger namespaces through this restore's namespace mapping (K1).</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts) => facts.RequireRestore();

    public void Apply(MutationContext context)
    {
        if (!context.Object.TryGetObject("spec", out var spec))
        {
            return;
        }

        foreach (var (index, trigger) in spec.ObjectItems("triggers"))
        {
            var path = JsonPointer.Append("/spec/triggers", index) + "/imageChangeParams/from/namespace";
            if (trigger.TryGetPath(out var from, "imageChangeParams", "from")
                && from.TryGetString("namespace", out var ns)
                && ns.Length > 0
                && !context.IsUnchangedByUpdate(path)
                && NameMapping.Resolve(context.Facts.NamespaceMapping, ns, out var mapped) == NameMapping.Result.Mapped)
            {
                context.Patch.ReplaceString(path, mapped);
            }
        }
    }
}
