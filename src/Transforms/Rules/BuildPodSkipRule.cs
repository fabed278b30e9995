using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC P1: a pod that ran a build (annotation <c>openshift.io/build.name</c>, set by the OpenShift
/// build controller) is history; restoring it would rerun a finished build step. The OpenShift
/// Velero plugin skips it too (<c>pod/restore.go</c>). Config <c>pods.skipBuildPods</c>.
/// </summary>
internal sealed class BuildPodSkipRule(PodSettings pods) : IMutationRule
{
    public const string BuildNameAnnotation = "openshift.io/build.name";

    public string Family => Families.PodSkip;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.Pod];

    public void Apply(MutationContext context)
    {
        if (pods.SkipBuildPods && context.Annotation(BuildNameAnnotation) is { Length: > 0 } build)
        {
            context.Skip("build-pod", $"build pod of build {build} (annotation {BuildNameAnnotation})");
        }
    }
}
