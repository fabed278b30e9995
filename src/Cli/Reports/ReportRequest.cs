namespace RestoreMutator.Cli.Reports;

/// <summary>The parsed <c>report</c> command line.</summary>
internal sealed record ReportRequest
{
    public required string Restore { get; init; }

    public string? Kubeconfig { get; init; }

    /// <summary><c>--config</c> (else <c>RESTORE_MUTATOR_CONFIG</c>): its <c>velero.namespace</c> is where reports are.</summary>
    public string? ConfigPath { get; init; }

    /// <summary><c>--namespace</c>: where reports are, without a config.</summary>
    public string? Namespace { get; init; }

    public bool Json { get; init; }

    public bool Color { get; init; }
}
