namespace RestoreMutator.Cli.Preview.Diff;

/// <summary>Groups an edit script into unified-diff hunks with <c>context</c> unchanged lines around each change.</summary>
internal static class UnifiedDiff
{
    public const int DefaultContext = 3;

    public static IReadOnlyList<DiffHunk> Create(IReadOnlyList<string> before, IReadOnlyList<string> after, int context = DefaultContext) =>
        Hunks(LineDiff.Compute(before, after), context);

    public static IReadOnlyList<DiffHunk> Hunks(IReadOnlyList<DiffLine> script, int context = DefaultContext)
    {
        ArgumentNullException.ThrowIfNull(script);
        var hunks = new List<DiffHunk>();
        var index = 0;
        while (true)
        {
            var firstChange = NextChange(script, index);
            if (firstChange < 0)
            {
                return hunks;
            }

            // Extend over changes separated by at most 2 * context equal lines (they share context).
            var lastChange = firstChange;
            while (NextChange(script, lastChange + 1) is var next and >= 0 && next - lastChange - 1 <= 2 * context)
            {
                lastChange = next;
            }

            var start = Math.Max(0, firstChange - context);
            var end = Math.Min(script.Count, lastChange + context + 1);
            hunks.Add(Hunk(script, start, end));
            index = end;
        }
    }

    private static int NextChange(IReadOnlyList<DiffLine> script, int from)
    {
        for (var i = from; i < script.Count; i++)
        {
            if (script[i].Kind != DiffLineKind.Equal)
            {
                return i;
            }
        }

        return -1;
    }

    private static DiffHunk Hunk(IReadOnlyList<DiffLine> script, int start, int end)
    {
        int oldBefore = 0, newBefore = 0;
        for (var i = 0; i < start; i++)
        {
            oldBefore += script[i].Kind != DiffLineKind.Insert ? 1 : 0;
            newBefore += script[i].Kind != DiffLineKind.Delete ? 1 : 0;
        }

        var lines = new List<DiffLine>(end - start);
        int oldCount = 0, newCount = 0;
        for (var i = start; i < end; i++)
        {
            lines.Add(script[i]);
            oldCount += script[i].Kind != DiffLineKind.Insert ? 1 : 0;
            newCount += script[i].Kind != DiffLineKind.Delete ? 1 : 0;
        }

        // diff -u names the line before an empty range (0 when the range is at the start).
        return new DiffHunk(oldCount > 0 ? oldBefore + 1 : oldBefore, oldCount, newCount > 0 ? newBefore + 1 : newBefore, newCount, lines);
    }
}
