using RestoreMutator.Cli.Preview.Diff;
using Shouldly;

namespace RestoreMutator.Cli.Tests.Preview;

public class LineDiffTests
{
    /// <summary>Each character is a line; the script is written as diff prefixes (' ', '-', '+') followed by the line.</summary>
    [Theory]
    [InlineData("", "", "")]
    [InlineData("abc", "abc", " a b c")]
    [InlineData("", "ab", "+a+b")]
    [InlineData("ab", "", "-a-b")]
    [InlineData("abc", "abd", " a b-c+d")]
    [InlineData("abc", "xbc", "-a+x b c")]
    [InlineData("abc", "ac", " a-b c")]
    [InlineData("ac", "abc", " a+b c")]
    [InlineData("abcabba", "cbabac", "-a-b c+b a b-b a+c")]
    [InlineData("aaa", "aaaa", " a a a+a")]
    [InlineData("abcd", "dcba", "-a-b-c d+c+b+a")]
    public void Compute_Table_GivesShortestScriptDeletionsFirst(string before, string after, string expected)
    {
        var script = LineDiff.Compute(Lines(before), Lines(after));

        string.Concat(script.Select(line => line.ToString())).ShouldBe(expected);
    }

    [Fact]
    public void Compute_RandomPairs_ReconstructsBothSidesWithMinimalEdits()
    {
        var random = new Random(1234);
        for (var round = 0; round < 500; round++)
        {
            var before = RandomLines(random);
            var after = RandomLines(random);

            var script = LineDiff.Compute(before, after);

            script.Where(l => l.Kind != DiffLineKind.Insert).Select(l => l.Text).ShouldBe(before);
            script.Where(l => l.Kind != DiffLineKind.Delete).Select(l => l.Text).ShouldBe(after);
            script.Count(l => l.Kind != DiffLineKind.Equal).ShouldBe(before.Length + after.Length - (2 * Lcs(before, after)), $"{string.Concat(before)} -> {string.Concat(after)}");
        }
    }

    private static string[] Lines(string text) => text.Select(c => c.ToString()).ToArray();

    private static string[] RandomLines(Random random) =>
        Enumerable.Range(0, random.Next(0, 12)).Select(_ => ((char)('a' + random.Next(0, 3))).ToString()).ToArray();

    /// <summary>Textbook dynamic-programming LCS length, the independent oracle for minimality.</summary>
    private static int Lcs(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                table[i, j] = a[i] == b[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }

        return table[0, 0];
    }
}
