namespace RestoreMutator.Cli.Preview;

/// <summary>What a restore would do to one object, as the preview reports it.</summary>
internal enum PreviewDecision
{
    /// <summary>The webhook would patch the object.</summary>
    Changed,
    /// <summary>The object would be created as it is.</summary>
    Unchanged,
    /// <summary>The webhook would deny the CREATE, so the object is not restored (SPEC P4).</summary>
    Skipped,
    /// <summary>The webhook would answer an internal error, or its patch would not apply.</summary>
    Error,
}
