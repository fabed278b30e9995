namespace RestoreMutator.Cli.Preview.Inputs;

/// <summary>How an input file is read.</summary>
internal enum InputKind
{
    /// <summary>YAML, possibly several documents.</summary>
    Yaml,
    /// <summary>One JSON document.</summary>
    Json,
    /// <summary>A Velero backup tarball.</summary>
    VeleroBackup,
}
