using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC B2: BuildConfig secrets naming a generated dockercfg secret (<c>/spec/output/pushSecret</c>,
/// <c>/spec/strategy/*Strategy/pullSecret</c>, <c>/spec/source/images/*/pullSecret</c>) are renamed as
/// in P6. Unlike the OpenShift plugin, whose source-image loop writes to a copy (no effect), source
/// image pull secrets are renamed too, as Crane does.
/// </summary>
internal sealed class BuildSecretRenameRule : IMutationRule
{
    public string Family => Families.PullSecrets;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.BuildConfig];

    /// <summary>B2 needs the dockercfg secret of each service account a build secret names (K3).</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
        foreach (var reference in DockercfgReferences.InBuildConfig(request.Object))
        {
            facts.RequireServiceAccount(reference.ServiceAccount);
        }
    }

    public void Apply(MutationContext context)
    {
        if (context.Facts.DockercfgSecrets is null)
        {
            return;
        }

        foreach (var reference in DockercfgReferences.InBuildConfig(context.Object))
        {
            PullSecretRenameRule.Rename(context, reference);
        }
    }
}
