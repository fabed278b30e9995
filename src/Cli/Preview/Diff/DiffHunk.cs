namespace RestoreMutator.Cli.Preview.Diff;

/// <summary>One <c>@@ -a,b +c,d @@</c> block of a unified diff.</summary>
internal sealed record DiffHunk(int OldStart, int OldCount, int NewStart, int NewCount, IReadOnlyList<DiffLine> Lines)
{
    /// <summary>The header as <c>diff -u</c> writes it (a count of 1 is left out).</summary>
    public string Header => $"@@ -{Range(OldStart, OldCount)} +{Range(NewStart, NewCount)} @@";

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";
}
