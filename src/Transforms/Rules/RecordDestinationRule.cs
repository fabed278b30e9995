using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC R4: objects that carry images record the destination registry and server version, whether
/// or not an image changed, as the OpenShift Velero plugin does. It tells an operator which
/// cluster restored the object.
/// </summary>
internal sealed class RecordDestinationRule : IMutationRule
{
    public string Family => Families.Registry;

    public IReadOnlyCollection<ResourceKind> Kinds => KnownKinds.WithImages;

    /// <summary>R4 records the destination registry and server version (K2) on every object of these kinds.</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
        facts.RequireDestinationRegistry();
        facts.RequireServerVersion();
    }

    public void Apply(MutationContext context)
    {
        SetIfDifferent(context, WellKnown.RestoreRegistryHostname, context.Facts.DestinationRegistry);
        SetIfDifferent(context, WellKnown.RestoreServerVersion, context.Facts.ServerVersion);
    }

    private static void SetIfDifferent(MutationContext context, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value) && context.Annotation(key) != value)
        {
            context.Patch.SetAnnotation(key, value);
        }
    }
}
