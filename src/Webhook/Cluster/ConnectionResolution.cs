namespace RestoreMutator.Webhook.Cluster;

/// <summary>The outcome of looking for credentials at startup.</summary>
/// <param name="Connection">What was found; null when cluster access stays off.</param>
/// <param name="Explanation">Why it is off, for the startup log (empty when on).</param>
/// <param name="Error">A kubeconfig that was named explicitly but cannot be used: a startup error.</param>
internal sealed record ConnectionResolution(ClusterConnection? Connection, string Explanation, string? Error = null);
