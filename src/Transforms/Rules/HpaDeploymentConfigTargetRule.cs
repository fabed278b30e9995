using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC O4: HorizontalPodAutoscalers from OpenShift 3 name their DeploymentConfig target with the
/// legacy <c>apiVersion: v1</c>, which OpenShift 4 does not serve; the autoscaler then cannot find
/// its scale subresource. Only <c>/spec/scaleTargetRef/apiVersion</c> is patched (the OpenShift
/// Velero plugin re-serialises the whole object and loses <c>autoscaling/v2</c> fields).
/// </summary>
internal sealed class HpaDeploymentConfigTargetRule : IMutationRule
{
    public const string DeploymentConfigApiVersion = "apps.openshift.io/v1";

    public string Family => Families.OpenShiftFixups;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.HorizontalPodAutoscaler];

    public void Apply(MutationContext context)
    {
        if (context.Object.TryGetPath(out var target, "spec", "scaleTargetRef")
            && target.GetStringOrNull("kind") == "DeploymentConfig"
            && target.GetStringOrNull("apiVersion") == "v1"
            && !context.IsUnchangedByUpdate("/spec/scaleTargetRef/apiVersion"))
        {
            context.Patch.ReplaceString("/spec/scaleTargetRef/apiVersion", DeploymentConfigApiVersion);
        }
    }
}
