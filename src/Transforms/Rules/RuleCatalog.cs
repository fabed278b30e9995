using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Images;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// The rules in the order they run, each built once from its own validated settings section (YARP's
/// <c>ITransformFactory</c> idea: nothing reads configuration per request). This list is the single
/// source of truth for which kinds the webhook handles (see <see cref="MutationPipeline.HandledKinds"/>).
/// </summary>
public static class RuleCatalog
{
    public static IReadOnlyList<IMutationRule> Create(MutationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return
        [
            // Skips first: a skipped object needs no other work (P1-P3, B1, O2, O5).
            new BuildSkipRule(settings.Builds),
            new BuildPodSkipRule(settings.Pods),
            new ManagedPodSkipRule(settings.Pods),
            new ServiceCaSecretSkipRule(),
            new OwnedWorkloadSkipRule(),
            new RegistryRewriteRule(new ImageRewriter(settings.Registry)),
            new RecordDestinationRule(),
            // T1 before T2: T2 leaves the hosts T1 removed or regenerated.
            new GeneratedRouteHostRule(settings.Routes),
            new DomainRewriteRule(settings.Routes),
            new NodeRemapRule(settings.Nodes),
            new StorageClassRule(settings.StorageClasses),
            new MissingStorageClassRule(settings.StorageClasses),
            new PvcBindingRule(settings.Nodes),
            new ServiceAccountDockercfgRule(),
            new LoadBalancerExternalIpsRule(),
            new HpaDeploymentConfigTargetRule(),
            // References to renamed namespaces (N1-N4, O6).
            new DeploymentConfigTriggerRule(),
            new RoleBindingSubjectsRule(),
            new ImageStreamReferenceRule(),
            new ImageTriggerAnnotationRule(),
            new NetworkPolicyNamespaceRule(),
            new ServiceDnsRule(settings.NamespaceRefs),
            new PullSecretRenameRule(),
            new BuildSecretRenameRule(),
        ];
    }

    /// <summary>A pipeline with every rule for <paramref name="settings"/>, and one for each of its profiles (X1).</summary>
    public static MutationPipeline CreatePipeline(MutationSettings settings) => CreatePipeline(settings, Create);

    /// <summary>
    /// As <see cref="CreatePipeline(MutationSettings)"/> with the rules <paramref name="createRules"/>
    /// builds from the base settings and from each profile's effective settings (tests observe rules this way).
    /// </summary>
    public static MutationPipeline CreatePipeline(MutationSettings settings, Func<MutationSettings, IReadOnlyList<IMutationRule>> createRules)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(createRules);
        var profiles = settings.Profiles
            .Select(profile => new MutationProfile(profile, new MutationPipeline(profile.Settings, createRules(profile.Settings))))
            .ToArray();
        return new MutationPipeline(settings, createRules(settings), profiles);
    }
}
