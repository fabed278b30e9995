using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC P2, P3: a pod its controller will recreate is not restored, or the namespace ends up with
/// the restored pod and a new one (and a Deployment may roll the restored ReplicaSet's pods).
/// Velero strips owner references before CREATE, so managed pods are recognised by the labels
/// their controllers set; an owner reference with <c>controller: true</c> (kept by other restore
/// tools) counts too. Pods Velero needs (<see cref="VeleroPodNeeds"/>: file-system restores, hook
/// annotations, hooks of the Restore's <c>spec.hooks</c>) are always restored.
/// Config <c>pods.skipManaged</c>.
/// </summary>
internal sealed class ManagedPodSkipRule(PodSettings pods) : IMutationRule
{
    /// <summary>Controller labels in the order they are checked, with the controller each one names.</summary>
    private static readonly (string Label, string Controller)[] ControllerLabels =
    [
        ("pod-template-hash", "ReplicaSet"),
        ("controller-revision-hash", "StatefulSet or DaemonSet"),
        ("batch.kubernetes.io/controller-uid", "Job"),
        ("controller-uid", "Job"),
        ("batch.kubernetes.io/job-name", "Job"),
        ("job-name", "Job"),
        ("deploymentconfig", "DeploymentConfig"),
    ];

    public string Family => Families.PodSkip;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.Pod];

    /// <summary>P3: the Restore's hooks decide whether a managed pod may be skipped, so a CREATE that could be skipped reads it (K1).</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
        if (pods.SkipManaged && request.Operation == AdmissionOperation.Create)
        {
            facts.RequireRestore();
        }
    }

    public void Apply(MutationContext context)
    {
        if (!pods.SkipManaged || !context.CanSkip || VeleroPodNeeds.Reason(context.Object, context.Facts.Restore, context.Namespace) is not null)
        {
            return;
        }

        if (OwnerReferences.TryGetController(context.Object, out var kind, out var name))
        {
            context.Skip("managed-pod", $"managed by a {kind} (owner reference {kind}/{name})");
            return;
        }

        foreach (var (label, controller) in ControllerLabels)
        {
            if (context.Label(label) is { Length: > 0 })
            {
                context.Skip("managed-pod", $"managed by a {Refine(context, label, controller)} (label {label})");
                return;
            }
        }
    }

    /// <summary>StatefulSet and DaemonSet pods share <c>controller-revision-hash</c>; their other labels tell them apart.</summary>
    private static string Refine(MutationContext context, string label, string controller)
    {
        if (label != "controller-revision-hash")
        {
            return controller;
        }

        if (context.Label("statefulset.kubernetes.io/pod-name") is not null)
        {
            return "StatefulSet";
        }

        return context.Label("pod-template-generation") is not null ? "DaemonSet" : controller;
    }
}
