namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC O3: the external IPs of a LoadBalancer Service belong to the source cluster's network (the
/// cloud or OpenShift fills them in); the destination assigns its own. Other Service types keep
/// theirs: there they are set by hand and mean something to the operator.
/// </summary>
internal sealed class LoadBalancerExternalIpsRule : IMutationRule
{
    public string Family => Families.OpenShiftFixups;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.Service];

    public void Apply(MutationContext context)
    {
        if (context.Object.TryGetObject("spec", out var spec)
            && spec.GetStringOrNull("type") == "LoadBalancer"
            && spec.TryGetProperty("externalIPs", out _)
            && !context.IsUnchangedByUpdate("/spec/externalIPs"))
        {
            context.Patch.Remove("/spec/externalIPs");
        }
    }
}
