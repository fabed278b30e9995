namespace RestoreMutator.Cli.Preview;

/// <summary>The parsed <c>preview</c> command line.</summary>
public sealed record PreviewOptions
{
    /// <summary><c>--config</c>; null falls back to <c>RESTORE_MUTATOR_CONFIG</c>, then the embedded default.</summary>
    public string? ConfigPath { get; init; }

    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary><c>--namespace-mapping old:new</c>, repeatable.</summary>
    public IReadOnlyList<string> NamespaceMappings { get; init; } = [];

    public PreviewFormat Format { get; init; } = PreviewFormat.Text;

    /// <summary><c>--restore NAME</c>: the restore label's value the objects get, so <c>restores:</c> globs of rules can be previewed.</summary>
    public string RestoreName { get; init; } = RestoreSimulation.RestoreName;

    /// <summary>Colour in text output (already false for <c>--no-color</c>, <c>NO_COLOR</c> or redirected output).</summary>
    public bool Color { get; init; }
}
