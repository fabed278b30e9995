using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC O1: OpenShift gives every ServiceAccount a generated <c>&lt;sa&gt;-dockercfg-&lt;random&gt;</c>
/// secret. The restored reference names the source cluster's secret, which does not exist in the
/// destination; the destination's controller adds its own. Every such entry is removed from
/// <c>/secrets</c> and <c>/imagePullSecrets</c> (the OpenShift Velero plugin removes only the last
/// one of each list), element by element from the highest index down, never the whole array.
/// </summary>
internal sealed class ServiceAccountDockercfgRule : IMutationRule
{
    public string Family => Families.OpenShiftFixups;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.ServiceAccount];

    public void Apply(MutationContext context)
    {
        // CREATE only: the destination's controller adds the new <sa>-dockercfg-* secret by UPDATE,
        // and removing it there would start a fight with that controller.
        if (!context.IsCreate || !context.Object.TryGetPath(out var name, "metadata", "name") || name.ValueKind != System.Text.Json.JsonValueKind.String)
        {
            return;
        }

        var prefix = name.GetString() + "-dockercfg-";
        foreach (var list in (string[])["secrets", "imagePullSecrets"])
        {
            var stale = context.Object.ObjectItems(list)
                .Where(item => item.Item.GetStringOrNull("name")?.StartsWith(prefix, StringComparison.Ordinal) == true)
                .Select(item => item.Index)
                .ToList();
            context.Patch.RemoveArrayElements(JsonPointer.Append(string.Empty, list), stale);
        }
    }
}
