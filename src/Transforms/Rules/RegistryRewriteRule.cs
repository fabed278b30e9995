using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Images;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC R1-R3, R5: every valid image reference of the object is moved from the source cluster's
/// internal registry to the destination's (R1), then through the configured prefix rewrites (R2).
/// Each changed reference is one <c>replace</c> of that string; unchanged references are not
/// touched; an invalid one is left as written, with a warning naming its container.
/// </summary>
internal sealed class RegistryRewriteRule(ImageRewriter rewriter) : IMutationRule
{
    public string Family => Families.Registry;

    public IReadOnlyCollection<ResourceKind> Kinds => KnownKinds.WithImages;

    /// <summary>R1 needs the destination registry (K2) and this restore's namespace mapping (K1), for objects that name their source registry.</summary>
    public void RequireFacts(AdmissionRequest request, FactRequirements facts)
    {
        if (request.Object.GetAnnotation(WellKnown.BackupRegistryHostname) is { Length: > 0 })
        {
            facts.RequireDestinationRegistry();
            facts.RequireRestore();
        }
    }

    public void Apply(MutationContext context)
    {
        var sourceHost = context.Annotation(WellKnown.BackupRegistryHostname);
        var source = SourceOf(sourceHost, context.Facts);
        if (source is null && !rewriter.HasPrefixRewrites && string.IsNullOrEmpty(sourceHost))
        {
            return;
        }

        var stranded = 0;
        var sameRegistry = source is { } registry && registry.Host == registry.Destination;
        foreach (var location in ImageLocations.Find(context.Request.Kind.GroupKind, context.Object))
        {
            if (sameRegistry && context.IsUnchangedByUpdate(location.Path))
            {
                // Restored into the source cluster (S = D): a moved reference is still on S, so R1
                // cannot tell it from one to move, and a chained mapping (a -> b, b -> c) would move
                // it again on every UPDATE (S3). What the stored object already has is destination state.
                continue;
            }

            if (rewriter.Rewrite(location.Image, source, out var problem) is { } rewritten)
            {
                context.Patch.ReplaceString(location.Path, rewritten);
            }
            else if (problem.Exists && !string.IsNullOrWhiteSpace(location.Image))
            {
                // R5: left as written. Blank images are not worth a warning: DeploymentConfig
                // templates carry " " until an image trigger fills them in.
                context.Warn(problem.Warning(location.Describe(context.Object), location.Image));
            }
            else if (source is null && SourceRegistryRewrite.IsOnHost(location.Image, sourceHost))
            {
                stranded++;
            }
        }

        if (stranded > 0)
        {
            // The images would not be pullable in the destination; say so rather than stay silent.
            context.Warn($"restore-mutator: destination registry unknown, {stranded} image(s) left on {sourceHost}");
        }
    }

    /// <summary>R1 applies only when the object names its source registry and the destination is known.</summary>
    private static SourceRegistry? SourceOf(string? host, ClusterFacts facts) =>
        string.IsNullOrEmpty(host) || string.IsNullOrEmpty(facts.DestinationRegistry)
            ? null
            : new SourceRegistry(host, facts.DestinationRegistry, facts.NamespaceMapping);
}
