using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC N2: object references of kind <c>ImageStreamTag</c> or <c>ImageStreamImage</c> name the
/// namespace of their ImageStream. After a mapped restore a BuildConfig would build from, push to or
/// trigger on the old namespace's streams (crane issue 54), so <c>from.namespace</c> is mapped in
/// BuildConfig <c>/spec/strategy/*Strategy/from</c>, <c>/spec/output/to</c>,
/// <c>/spec/source/images/*/from</c> and <c>/spec/triggers/*/imageChange/from</c>, ImageStream
/// <c>/spec/tags/*/from</c>, and ImageStreamTag <c>/tag/from</c> (the same reference as an
/// ImageStream tag; the OpenShift Velero plugin maps it too). References of other kinds
/// (<c>DockerImage</c> is R1/R2's) and references without a namespace (their own) stay.
/// </summary>
internal sealed class ImageStreamReferenceRule : IMutationRule
{
    public string Family => Families.NamespaceRefs;

    public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.BuildConfig, KnownKinds.ImageStream, KnownKinds.ImageStreamTag];

    /// <summary>N2 maps through this restore's namespace mapping (K1).</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts) => facts.RequireRestore();

    public void Apply(MutationContext context)
    {
        if (context.Facts.NamespaceMapping.Count == 0)
        {
            return;
        }

        var obj = context.Object;
        var kind = context.Request.Kind.GroupKind;
        if (kind == KnownKinds.ImageStreamTag.GroupKind)
        {
            MapAt(context, obj, "/tag/from", "tag", "from");
            return;
        }

        if (!obj.TryGetObject("spec", out var spec))
        {
            return;
        }

        if (kind == KnownKinds.ImageStream.GroupKind)
        {
            foreach (var (index, tag) in spec.ObjectItems("tags"))
            {
                MapAt(context, tag, "/spec/tags", index, "/from", "from");
            }

            return;
        }

        if (spec.TryGetObject("strategy", out var strategy))
        {
            foreach (var member in strategy.EnumerateObject())
            {
                // The pointer is built only when the reference changes, as in the MapAt overloads.
                if (member.Name.EndsWith("Strategy", StringComparison.Ordinal) && Mapped(context, member.Value, ["from"], out var ns) is { } target)
                {
                    NamespaceReferences.Replace(context, JsonPointer.Append("/spec/strategy", member.Name) + "/from/namespace", ns, target);
                }
            }
        }

        MapAt(context, spec, "/spec/output/to", "output", "to");
        if (spec.TryGetObject("source", out var source))
        {
            foreach (var (index, image) in source.ObjectItems("images"))
            {
                MapAt(context, image, "/spec/source/images", index, "/from", "from");
            }
        }

        foreach (var (index, trigger) in spec.ObjectItems("triggers"))
        {
            MapAt(context, trigger, "/spec/triggers", index, "/imageChange/from", "imageChange", "from");
        }
    }

    /// <summary>Maps the namespace of the reference found under <paramref name="parent"/> by <paramref name="names"/>, which <paramref name="path"/> addresses.</summary>
    private static void MapAt(MutationContext context, JsonElement parent, string path, params ReadOnlySpan<string> names)
    {
        if (Mapped(context, parent, names, out var ns) is { } target)
        {
            NamespaceReferences.Replace(context, path + "/namespace", ns, target);
        }
    }

    /// <summary>As the other <c>MapAt</c>, for the reference of an array item: its pointer (<paramref name="array"/>, <paramref name="index"/>, <paramref name="under"/>) is built only when it changes.</summary>
    private static void MapAt(MutationContext context, JsonElement parent, string array, int index, string under, params ReadOnlySpan<string> names)
    {
        if (Mapped(context, parent, names, out var ns) is { } target)
        {
            NamespaceReferences.Replace(context, $"{JsonPointer.Append(array, index)}{under}/namespace", ns, target);
        }
    }

    /// <summary>The target of the namespace of an ImageStream reference under <paramref name="parent"/>, when it is mapped.</summary>
    private static string? Mapped(MutationContext context, JsonElement parent, ReadOnlySpan<string> names, out string ns)
    {
        ns = string.Empty;
        return parent.TryGetPath(out var reference, names) && reference.ValueKind == JsonValueKind.Object
            && NamespaceReferences.IsImageStreamKind(reference)
            && reference.TryGetString("namespace", out ns)
                ? NamespaceReferences.Map(context.Facts.NamespaceMapping, ns)
                : null;
    }
}
