using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC P6: <c>imagePullSecrets</c> entries naming a generated dockercfg secret of the source namespace
/// (<c>default-</c>, <c>builder-</c>, <c>deployer-dockercfg-*</c>) are renamed to the target namespace's
/// secret of the same service account (K3), in Pods and in the pod templates of the R3 kinds. The
/// random suffix differs per cluster, so the old name would make image pulls from the internal registry fail.
/// </summary>
internal sealed class PullSecretRenameRule : IMutationRule
{
    public string Family => Families.PullSecrets;

    public IReadOnlyCollection<ResourceKind> Kinds => KnownKinds.WithPodSpec;

    /// <summary>P6 needs the dockercfg secret of each service account a pull secret names (K3).</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
        var references = DockercfgReferences.InPodSpec(request.Object, request.Kind.GroupKind);
        for (var i = 0; i < references.Count; i++)
        {
            facts.RequireServiceAccount(references[i].ServiceAccount);
        }
    }

    public void Apply(MutationContext context)
    {
        if (context.Facts.DockercfgSecrets is null)
        {
            return;
        }

        var references = DockercfgReferences.InPodSpec(context.Object, context.Request.Kind.GroupKind);
        for (var i = 0; i < references.Count; i++)
        {
            Rename(context, references[i]);
        }
    }

    /// <summary>
    /// Renames one reference to the destination's secret of the same account; when that secret is
    /// unknown the entry is kept and a warning returned (P6). Only the <c>name</c> string is replaced.
    /// </summary>
    internal static void Rename(MutationContext context, DockercfgReference reference)
    {
        var secrets = context.Facts.DockercfgSecrets;
        if (secrets is null)
        {
            return;
        }

        if (!secrets.TryGetValue(reference.ServiceAccount, out var current) || current.Length == 0)
        {
            context.Warn($"kept pull secret {reference.SecretName}: no dockercfg secret for serviceaccount {context.Namespace}/{reference.ServiceAccount}");
            return;
        }

        if (current != reference.SecretName)
        {
            context.Patch.ReplaceString(reference.Path, current);
        }
    }
}
