namespace RestoreMutator.Webhook.Configuration;

/// <summary><c>velero</c>.</summary>
internal sealed record VeleroSettings
{
    /// <summary>Where Restore objects live (K1).</summary>
    public string Namespace { get; init; } = "velero";
}
