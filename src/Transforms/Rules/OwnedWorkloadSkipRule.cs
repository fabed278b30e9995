namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC O5: workloads a restored parent recreates are not restored, as the OpenShift Velero plugin
/// does: Jobs of a CronJob, and ReplicationControllers of a DeploymentConfig (the DeploymentConfig
/// controller creates the RC for its latest version; a restored copy competes with it).
/// Velero strips owner references, so the marks that survive are used as well: the CronJob
/// controller's annotation <c>batch.kubernetes.io/cronjob-scheduled-timestamp</c> (Kubernetes
/// 1.28+) and the DeploymentConfig controller's <c>openshift.io/deployment-config.name</c>.
/// An RC whose DeploymentConfig was paused at backup (<c>openshift.io/paused-owner-ref</c>, stamped
/// by the OpenShift plugin) is restored, because a paused DeploymentConfig does not recreate it.
/// </summary>
internal sealed class OwnedWorkloadSkipRule : IMutationRule
{
    public const string CronJobScheduledAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    public const string DeploymentConfigNameAnnotation = "openshift.io/deployment-config.name";
    public const string PausedOwnerAnnotation = "openshift.io/paused-owner-ref";

    public string Family => Families.OpenShiftFixups;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.Job, KnownKinds.ReplicationController];

    public void Apply(MutationContext context)
    {
        if (context.Request.Kind.GroupKind == KnownKinds.Job.GroupKind)
        {
            if (OwnerReferences.TryGetOfKind(context.Object, "CronJob", out var cronJob))
            {
                context.Skip("cronjob-job", $"created by CronJob {cronJob} (owner reference)");
            }
            else if (context.Annotation(CronJobScheduledAnnotation) is { Length: > 0 })
            {
                context.Skip("cronjob-job", $"created by a CronJob (annotation {CronJobScheduledAnnotation})");
            }

            return;
        }

        if (context.Object.TryGetPath(out _, "metadata", "annotations", PausedOwnerAnnotation))
        {
            return;
        }

        if (OwnerReferences.TryGetOfKind(context.Object, "DeploymentConfig", out var owner))
        {
            context.Skip("deploymentconfig-rc", $"created by DeploymentConfig {owner} (owner reference)");
        }
        else if (context.Annotation(DeploymentConfigNameAnnotation) is { Length: > 0 } dc)
        {
            context.Skip("deploymentconfig-rc", $"created by DeploymentConfig {dc} (annotation {DeploymentConfigNameAnnotation})");
        }
    }
}
