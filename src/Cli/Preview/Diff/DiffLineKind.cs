namespace RestoreMutator.Cli.Preview.Diff;

/// <summary>Whether a line is in both texts, only the old one, or only the new one.</summary>
public enum DiffLineKind
{
    Equal,
    Delete,
    Insert,
}
