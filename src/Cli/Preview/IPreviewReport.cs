namespace RestoreMutator.Cli.Preview;

/// <summary>Where preview results go, one object at a time, then the totals.</summary>
internal interface IPreviewReport
{
    void Write(PreviewResult result);

    /// <summary>Called once after every input was read.</summary>
    void Complete(PreviewSummary summary);
}
