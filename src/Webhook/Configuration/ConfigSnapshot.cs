using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Webhook.Configuration;

/// <summary>One validated configuration and everything built from it; swapped atomically on reload.</summary>
public sealed record ConfigSnapshot(RestoreMutatorSettings Settings, MutationPipeline Pipeline, ClusterFacts StaticFacts, string Source)
{
    public static ConfigSnapshot Create(RestoreMutatorSettings settings, string source) =>
        new(settings, RuleCatalog.CreatePipeline(settings), StaticFactsFrom(settings), source);

    /// <summary>The facts known without asking the cluster: configured values (SPEC K4, lookups off).</summary>
    private static ClusterFacts StaticFactsFrom(RestoreMutatorSettings settings) => new()
    {
        DestinationRegistry = settings.Registry.Destination.Length > 0 ? settings.Registry.Destination : null,
        AppsDomain = settings.Routes.DestinationDomain.Length > 0 ? settings.Routes.DestinationDomain : null,
        NamespaceMapping = settings.NamespaceMapping,
    };
}
