using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Images;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC R1-R3: every image reference of the object is moved from the source cluster's internal
/// registry to the destination's (R1), then through the configured prefix rewrites (R2). Each
/// changed reference is one <c>replace</c> of that string; unchanged references are not touched.
/// </summary>
public sealed class RegistryRewriteRule(ImageRewriter rewriter) : IMutationRule
{
    public string Family => Families.Registry;

    public IReadOnlyCollection<ResourceKind> Kinds => KnownKinds.WithImages;

    public void Apply(MutationContext context)
    {
        var source = SourceOf(context);
        if (source is null && !rewriter.HasPrefixRewrites)
        {
            return;
        }

        foreach (var location in ImageLocations.Find(context.Request.Kind.GroupKind, context.Object))
        {
            if (rewriter.Rewrite(location.Image, source) is { } rewritten)
            {
                context.Patch.Replace(location.Path, JsonValue.Create(rewritten));
            }
        }
    }

    /// <summary>R1 applies only when the object names its source registry and the destination is known.</summary>
    private static SourceRegistry? SourceOf(MutationContext context)
    {
        var host = context.Annotation(WellKnown.BackupRegistryHostname);
        var destination = context.Facts.DestinationRegistry;
        return string.IsNullOrEmpty(host) || string.IsNullOrEmpty(destination)
            ? null
            : new SourceRegistry(host, destination, context.Facts.NamespaceMapping);
    }
}
