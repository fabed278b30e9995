using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>Facts from the configuration only: used when lookups are off or no credentials exist (SPEC K4).</summary>
internal sealed class StaticClusterFactsSource : IClusterFactsSource
{
    public ValueTask<ClusterFacts> GetAsync(RequestPlan plan, ConfigSnapshot config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        return ValueTask.FromResult(config.Pipeline.StaticFacts);
    }
}
