namespace RestoreMutator.Webhook.Configuration;

/// <summary>The result of reading the configuration file: settings, or every error found.</summary>
internal sealed record WebhookSettingsLoadResult(WebhookSettings? Settings, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Settings is not null && Errors.Count == 0;
}
