namespace RestoreMutator.Cli.Preview.Diff;

/// <summary>
/// A shortest edit script between two line lists: Myers' O((N+M)D) greedy algorithm ("An O(ND)
/// Difference Algorithm and Its Variations", 1986), after trimming the common prefix and suffix
/// (which is nearly everything for a patched Kubernetes object, so D and the kept traces stay
/// small). Within a change, deletions come before insertions, as in <c>diff -u</c>.
/// </summary>
internal static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compute(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var prefix = 0;
        while (prefix < before.Count && prefix < after.Count && before[prefix] == after[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < before.Count - prefix && suffix < after.Count - prefix
            && before[before.Count - 1 - suffix] == after[after.Count - 1 - suffix])
        {
            suffix++;
        }

        var result = new List<DiffLine>(Math.Max(before.Count, after.Count) + 4);
        for (var i = 0; i < prefix; i++)
        {
            result.Add(new DiffLine(DiffLineKind.Equal, before[i]));
        }

        var a = Slice(before, prefix, before.Count - prefix - suffix);
        var b = Slice(after, prefix, after.Count - prefix - suffix);
        result.AddRange(Myers(a, b));
        for (var i = before.Count - suffix; i < before.Count; i++)
        {
            result.Add(new DiffLine(DiffLineKind.Equal, before[i]));
        }

        return result;
    }

    private static string[] Slice(IReadOnlyList<string> lines, int start, int count)
    {
        var slice = new string[count];
        for (var i = 0; i < count; i++)
        {
            slice[i] = lines[start + i];
        }

        return slice;
    }

    private static List<DiffLine> Myers(string[] a, string[] b)
    {
        int n = a.Length, m = b.Length, max = n + m, offset = max + 1;
        var v = new int[(2 * max) + 3];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(a, b, trace, offset);
                }
            }
        }

        return [];
    }

    /// <summary>Walks the kept V arrays back from (N, M) to (0, 0), emitting the script in reverse.</summary>
    private static List<DiffLine> Backtrack(string[] a, string[] b, List<int[]> trace, int offset)
    {
        var script = new List<DiffLine>(a.Length + b.Length);
        int x = a.Length, y = b.Length;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            var previousK = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
            var previousX = v[offset + previousK];
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                script.Add(new DiffLine(DiffLineKind.Equal, a[x - 1]));
                x--;
                y--;
            }

            if (d > 0)
            {
                script.Add(x == previousX ? new DiffLine(DiffLineKind.Insert, b[y - 1]) : new DiffLine(DiffLineKind.Delete, a[x - 1]));
            }

            x = previousX;
            y = previousY;
        }

        script.Reverse();
        return script;
    }
}
