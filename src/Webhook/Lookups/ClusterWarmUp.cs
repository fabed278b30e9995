using Microsoft.Extensions.Hosting;
using RestoreMutator.Webhook.Cluster;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Warms the cluster client once at startup, in the background (see <see cref="ClusterClient.WarmUpAsync"/>),
/// so the first objects of a restore that begins right after a rollout do not lose their lookups
/// to a cold process. It does not hold back readiness: requests are answered meanwhile.
/// </summary>
public sealed class ClusterWarmUp(ClusterClient client) : BackgroundService
{
    /// <summary>Long enough for a cold start on a busy node; short enough not to matter when the API server is down.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never on the startup path
        await client.WarmUpAsync(Bound, stoppingToken).ConfigureAwait(false);
    }
}
