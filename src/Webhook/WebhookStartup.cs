using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook;

/// <summary>What the server starts with: the validated configuration and where it came from.</summary>
/// <param name="Config">The configuration in force at start.</param>
/// <param name="ConfigFile">What <paramref name="Config"/> was loaded from, watched for changes; null for the embedded default.</param>
/// <param name="KubeconfigPath">A kubeconfig for lookups outside a cluster (<c>--kubeconfig</c>); null to use in-cluster credentials or none.</param>
internal sealed record WebhookStartup(ConfigSnapshot Config, ConfigFileRead? ConfigFile, string? KubeconfigPath = null)
{
    /// <summary>Write JSON logs to stdout (off in in-memory tests).</summary>
    public bool ConsoleLogging { get; init; } = true;
}
