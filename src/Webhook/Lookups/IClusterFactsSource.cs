using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Resolves the facts the rules need for one request (SPEC K1-K4). Implementations must honour
/// the cancellation token (the request's own deadline) and never throw: a failed
/// lookup becomes a warning in the returned facts.
/// </summary>
public interface IClusterFactsSource
{
    ValueTask<ClusterFacts> GetAsync(AdmissionRequest request, ConfigSnapshot config, CancellationToken cancellationToken);
}
