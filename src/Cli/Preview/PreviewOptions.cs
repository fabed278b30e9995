namespace RestoreMutator.Cli.Preview;

/// <summary>The parsed <c>preview</c> command line.</summary>
internal sealed record PreviewOptions
{
    /// <summary><c>--config</c>; null falls back to <c>RESTORE_MUTATOR_CONFIG</c>, then the embedded default.</summary>
    public string? ConfigPath { get; init; }

    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary><c>--namespace-mapping old:new</c>, repeatable.</summary>
    public IReadOnlyList<string> NamespaceMappings { get; init; } = [];

    /// <summary><c>--restore NAME</c>: the restore label value the objects get, which <c>profiles.*.restores</c> globs match (X1).</summary>
    public string RestoreName { get; init; } = RestoreSimulation.RestoreName;

    /// <summary><c>--profile NAME</c>: the profile to apply, as if the Restore carried <c>restore-mutator.io/profile: NAME</c> (X1); null: chosen by the globs.</summary>
    public string? ProfileName { get; init; }

    public PreviewFormat Format { get; init; } = PreviewFormat.Text;

    /// <summary><c>--report</c>: also the restore report the webhook would keep (SPEC X3), after the objects.</summary>
    public bool Report { get; init; }

    /// <summary>Colour in text output (already false for <c>--no-color</c>, <c>NO_COLOR</c> or redirected output).</summary>
    public bool Color { get; init; }
}
