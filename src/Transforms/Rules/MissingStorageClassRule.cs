using System.Text.Json;
using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC V4: a claim whose storage class does not exist in the destination is never provisioned; it
/// stays Pending and so do the pods that mount it. Velero's change-storage-class action fails the item
/// then; a warning keeps the restore going and names the class, so the operator can create it or add
/// it to <c>storageClasses</c>. Checked with lookups on (K5), on CREATE, for PVCs, PVs and StatefulSet
/// claim templates, on the class the object has after V1 (<c>spec.storageClassName</c> when set, else
/// the beta annotation; none or empty: nothing to check). A class that could not be looked up gives
/// the lookup's own warning only (K4). Emits no operations.
/// </summary>
internal sealed class MissingStorageClassRule(IReadOnlyDictionary<string, string> classes) : IMutationRule
{
    public string Family => Families.StorageClass;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } =
        [KnownKinds.PersistentVolumeClaim, KnownKinds.PersistentVolume, KnownKinds.StatefulSet];

    /// <summary>V4 needs to know whether each class the object will name exists (K5), on CREATE.</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
        if (request.Operation != AdmissionOperation.Create)
        {
            return;
        }

        foreach (var (_, storageClass) in Claims(request.Object, request.Kind.GroupKind))
        {
            facts.RequireStorageClass(storageClass);
        }
    }

    public void Apply(MutationContext context)
    {
        if (!context.IsCreate || context.Facts.StorageClasses is null)
        {
            return;
        }

        foreach (var (where, storageClass) in Claims(context.Object, context.Request.Kind.GroupKind))
        {
            if (context.Facts.StorageClassMissing(storageClass))
            {
                var subject = where.Length > 0 ? $"{context.Request.Kind.Kind} {context.Request.DisplayName} {where}" : $"{context.Request.Kind.Kind} {context.Request.DisplayName}";
                context.Warn($"storage class {storageClass} does not exist in the destination ({subject})");
                context.ReportMissingStorageClass(storageClass);
            }
        }
    }

    /// <summary>The claims of the object with the class each will have after V1: the object itself, or a StatefulSet's templates.</summary>
    private IEnumerable<(string Where, string StorageClass)> Claims(JsonElement obj, GroupKind kind)
    {
        if (kind != KnownKinds.StatefulSet.GroupKind)
        {
            if (ClassOf(obj) is { } own)
            {
                yield return (string.Empty, own);
            }

            yield break;
        }

        if (!obj.TryGetObject("spec", out var spec))
        {
            yield break;
        }

        foreach (var (index, template) in spec.ObjectItems("volumeClaimTemplates"))
        {
            if (ClassOf(template) is { } storageClass)
            {
                var name = template.TryGetPath(out var n, "metadata", "name") && n.ValueKind == JsonValueKind.String ? " " + n.GetString() : string.Empty;
                yield return ($"volumeClaimTemplates[{index}]{name}", storageClass);
            }
        }
    }

    /// <summary><c>spec.storageClassName</c> when set (empty: no class), else the beta annotation; then mapped as V1 maps it.</summary>
    private string? ClassOf(JsonElement claim)
    {
        var declared = claim.TryGetPath(out var name, "spec", "storageClassName") && name.ValueKind == JsonValueKind.String
            ? name.GetString()!
            : claim.GetAnnotation(StorageClassRule.BetaStorageClassAnnotation);
        if (string.IsNullOrEmpty(declared))
        {
            return null;
        }

        return NameMapping.Resolve(classes, declared, out var mapped) == NameMapping.Result.Mapped ? mapped : declared;
    }
}
