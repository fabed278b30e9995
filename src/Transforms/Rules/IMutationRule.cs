using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// One behaviour family (SPEC section 3): reads the object, emits explicit patch operations into
/// the context, or asks to skip the object. A rule is built once from its own validated settings
/// section and is immutable; rules are pure and must not throw on odd objects: a field of the
/// wrong type is simply not matched (or <see cref="MalformedObjectException"/>).
/// </summary>
public interface IMutationRule
{
    /// <summary>The family name recorded in <c>restore-mutator.io/applied</c> when this rule changed the object (S7).</summary>
    string Family { get; }

    /// <summary>The kinds this rule reads. The union over all rules is what the webhook configuration must route here.</summary>
    IReadOnlyCollection<ResourceKind> Kinds { get; }

    /// <summary>Adds the cluster facts this rule would read for <paramref name="request"/> (K1-K4); most rules need none.</summary>
    void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
    }

    /// <summary>Applies the rule to the object in <paramref name="context"/>.</summary>
    void Apply(MutationContext context);
}
