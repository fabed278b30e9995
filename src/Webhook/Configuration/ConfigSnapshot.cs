using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Webhook.Configuration;

/// <summary>One validated configuration and the pipeline built from it; swapped atomically on reload.</summary>
internal sealed record ConfigSnapshot(WebhookSettings Settings, MutationPipeline Pipeline, string Source)
{
    public static ConfigSnapshot Create(WebhookSettings settings, string source)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings, RuleCatalog.CreatePipeline(settings.Mutation), source);
    }
}
