using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Images;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// The rules in the order they run, built from validated settings. This list is the single source
/// of truth for which kinds the webhook handles (see <see cref="MutationPipeline.HandledKinds"/>).
/// </summary>
public static class RuleCatalog
{
    public static IReadOnlyList<IMutationRule> Create(RestoreMutatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return
        [
            new RegistryRewriteRule(new ImageRewriter(settings.Registry)),
            new RecordDestinationRule(),
        ];
    }

    /// <summary>A pipeline with every rule for <paramref name="settings"/>.</summary>
    public static MutationPipeline CreatePipeline(RestoreMutatorSettings settings) => new(settings, Create(settings));
}
