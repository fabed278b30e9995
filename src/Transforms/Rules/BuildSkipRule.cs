using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC B1: an OpenShift Build is the record of one run; its BuildConfig starts new ones, and a
/// restored Build would be picked up by the build controller and run again. The OpenShift Velero
/// plugin never restores Builds either. Config <c>builds.skip</c>; when false, the image rules apply.
/// </summary>
internal sealed class BuildSkipRule(BuildSettings builds) : IMutationRule
{
    public string Family => Families.BuildSkip;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.Build];

    public void Apply(MutationContext context)
    {
        if (builds.Skip)
        {
            context.Skip("build", "builds are history; the BuildConfig starts new ones (builds.skip)");
        }
    }
}
