namespace RestoreMutator.Cli.Preview;

/// <summary><c>--output</c>.</summary>
internal enum PreviewFormat
{
    /// <summary>Decisions, patches, coloured diffs and a summary table, for people.</summary>
    Text,
    /// <summary>JSON Lines, one record per object, for machines.</summary>
    Json,
}
