namespace RestoreMutator.Webhook.Configuration;

/// <summary><c>report</c> (SPEC X2).</summary>
internal sealed record ReportSettings
{
    /// <summary>Keep a report per restore in <c>velero.namespace</c>; only with cluster lookups on (it needs the API server).</summary>
    public bool Enabled { get; init; } = true;
}
