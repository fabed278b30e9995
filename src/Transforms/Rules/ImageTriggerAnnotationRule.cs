using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC N2: OpenShift's image trigger annotation on Deployments, StatefulSets, DaemonSets, CronJobs
/// and Jobs names the ImageStreamTags it follows by namespace. After a mapped restore it would keep
/// watching the old namespace and roll pods to its images, or to none (OpenShift Velero plugin
/// issue 103). The mapped namespaces are rewritten inside the annotation's JSON, which is one
/// <c>replace</c> of the annotation string that keeps every other byte (<see cref="ImageTriggerAnnotation"/>).
/// </summary>
internal sealed class ImageTriggerAnnotationRule : IMutationRule
{
    private static readonly string Path = JsonPointer.Append("/metadata/annotations", ImageTriggerAnnotation.Key);

    public string Family => Families.NamespaceRefs;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } =
        [KnownKinds.Deployment, KnownKinds.StatefulSet, KnownKinds.DaemonSet, KnownKinds.CronJob, KnownKinds.Job];

    /// <summary>N2 maps through this restore's namespace mapping (K1), for objects that carry the annotation.</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
        if (request.Object.GetAnnotation(ImageTriggerAnnotation.Key) is not null)
        {
            facts.RequireRestore();
        }
    }

    public void Apply(MutationContext context)
    {
        var mapping = context.Facts.NamespaceMapping;
        if (mapping.Count == 0 || context.Annotation(ImageTriggerAnnotation.Key) is not { } value)
        {
            return;
        }

        NamespaceReferences.Replace(context, Path, value, ImageTriggerAnnotation.Rewrite(value, ns => NamespaceReferences.Map(mapping, ns)));
    }
}
