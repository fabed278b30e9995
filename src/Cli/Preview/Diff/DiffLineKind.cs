namespace RestoreMutator.Cli.Preview.Diff;

/// <summary>Whether a line is in both texts, only the old one, or only the new one.</summary>
internal enum DiffLineKind
{
    Equal,
    Delete,
    Insert,
}
