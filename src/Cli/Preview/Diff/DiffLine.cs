namespace RestoreMutator.Cli.Preview.Diff;

/// <summary>One line of an edit script.</summary>
internal readonly record struct DiffLine(DiffLineKind Kind, string Text)
{
    /// <summary>The line as a unified diff prints it: <c>' '</c>, <c>'-'</c> or <c>'+'</c> then the text.</summary>
    public override string ToString() => Kind switch
    {
        DiffLineKind.Delete => "-" + Text,
        DiffLineKind.Insert => "+" + Text,
        _ => " " + Text,
    };
}
