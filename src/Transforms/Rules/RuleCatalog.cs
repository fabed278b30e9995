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
            // Skips first: a skipped object needs no other work (P1-P3, B1, O2, O5).
            new BuildSkipRule(),
            new BuildPodSkipRule(),
            new ManagedPodSkipRule(),
            new ServiceCaSecretSkipRule(),
            new OwnedWorkloadSkipRule(),
            new RegistryRewriteRule(new ImageRewriter(settings.Registry)),
            new RecordDestinationRule(),
            // T1 before T2: T2 leaves the hosts T1 removed or regenerated.
            new GeneratedRouteHostRule(),
            new DomainRewriteRule(),
            new NodeRemapRule(),
            new StorageClassRule(),
            new PvcBindingRule(),
            new ServiceAccountDockercfgRule(),
            new LoadBalancerExternalIpsRule(),
            new HpaDeploymentConfigTargetRule(),
            new DeploymentConfigTriggerRule(),
            new PullSecretRenameRule(),
            new BuildSecretRenameRule(),
        ];
    }

    /// <summary>A pipeline with every rule for <paramref name="settings"/>.</summary>
    public static MutationPipeline CreatePipeline(RestoreMutatorSettings settings) => new(settings, Create(settings));
}
