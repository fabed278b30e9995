using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Webhook.Configuration;

/// <summary>
/// The whole configuration file (SPEC section 4), validated and immutable: the server's own
/// sections and the <see cref="MutationSettings"/> the rules are built from. A reload builds a new
/// instance and swaps it atomically.
/// </summary>
internal sealed record WebhookSettings
{
    public ServerSettings Server { get; init; } = new();

    public VeleroSettings Velero { get; init; } = new();

    public LookupMode Lookups { get; init; } = LookupMode.Auto;

    public ReportSettings Report { get; init; } = new();

    public MutationSettings Mutation { get; init; } = new();
}
