using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Supplies the facts a planned request needs (SPEC K1-K4): <see cref="RequestPlan.Facts"/> says
/// which. Implementations must honour the cancellation token (the request's own deadline) and
/// never throw: a failed lookup becomes a warning in the returned facts.
/// </summary>
internal interface IClusterFactsSource
{
    ValueTask<ClusterFacts> GetAsync(RequestPlan plan, ConfigSnapshot config, CancellationToken cancellationToken);
}
