namespace RestoreMutator.Webhook.Lookups;

/// <summary>The outcome of looking for credentials at startup.</summary>
/// <param name="Credentials">What was found; null when lookups stay off.</param>
/// <param name="Explanation">Why lookups are off, for the startup log (empty when on).</param>
/// <param name="Error">A kubeconfig that was named explicitly but cannot be used: a startup error.</param>
public sealed record CredentialsResolution(ClusterCredentials? Credentials, string Explanation, string? Error = null);
