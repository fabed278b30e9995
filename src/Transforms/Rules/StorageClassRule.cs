using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC V1: <c>storageClasses</c> renames storage classes that do not exist in the destination, in
/// PVCs and PVs (<c>/spec/storageClassName</c> and the legacy annotation
/// <c>volume.beta.kubernetes.io/storage-class</c>) and in StatefulSet volume claim templates (the
/// same two places per template), like Velero's <c>velero.io/change-storage-class</c> action but
/// without a ConfigMap per cluster. Classes not in the map are left alone. Velero-managed fields
/// (selector <c>velero.io/dynamic-pv-restore</c>, dataSource, <c>velero.io/</c> keys) are never read or written (S6).
/// </summary>
internal sealed class StorageClassRule(IReadOnlyDictionary<string, string> classes) : IMutationRule
{
    public const string BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    public string Family => Families.StorageClass;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } =
        [KnownKinds.PersistentVolumeClaim, KnownKinds.PersistentVolume, KnownKinds.StatefulSet];

    public void Apply(MutationContext context)
    {
        if (classes.Count == 0)
        {
            return;
        }

        if (context.Request.Kind.GroupKind != KnownKinds.StatefulSet.GroupKind)
        {
            RemapClaim(context, classes, context.Object, string.Empty);
            return;
        }

        if (context.Object.TryGetObject("spec", out var spec))
        {
            foreach (var (index, template) in spec.ObjectItems("volumeClaimTemplates"))
            {
                RemapClaim(context, classes, template, JsonPointer.Append("/spec/volumeClaimTemplates", index));
            }
        }
    }

    /// <summary>Remaps one claim-shaped object (PVC, PV or claim template) at <paramref name="path"/>.</summary>
    private static void RemapClaim(MutationContext context, IReadOnlyDictionary<string, string> classes, JsonElement claim, string path)
    {
        var classPath = path + "/spec/storageClassName";
        if (claim.TryGetObject("spec", out var spec) && spec.TryGetString("storageClassName", out var current)
            && !context.IsUnchangedByUpdate(classPath)
            && NameMapping.Resolve(classes, current, out var mapped) == NameMapping.Result.Mapped)
        {
            context.Patch.ReplaceString(classPath, mapped);
        }

        var betaPath = JsonPointer.Append(path + "/metadata/annotations", BetaStorageClassAnnotation);
        if (claim.GetAnnotation(BetaStorageClassAnnotation) is { } beta
            && !context.IsUnchangedByUpdate(betaPath)
            && NameMapping.Resolve(classes, beta, out var mappedBeta) == NameMapping.Result.Mapped)
        {
            context.Patch.ReplaceString(betaPath, mappedBeta);
        }
    }
}
