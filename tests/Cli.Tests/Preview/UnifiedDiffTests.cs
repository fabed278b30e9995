using RestoreMutator.Cli.Preview.Diff;
using Shouldly;

namespace RestoreMutator.Cli.Tests.Preview;

public class UnifiedDiffTests
{
    [Fact]
    public void Create_IdenticalTexts_NoHunks()
    {
        UnifiedDiff.Create(["a", "b"], ["a", "b"]).ShouldBeEmpty();
    }

    /// <summary>Lines are numbered 1..n; the change replaces or inserts lines; expected hunk headers as GNU diff -u prints them (checked by running it).</summary>
    [Theory]
    [InlineData(10, new[] { 5 }, new int[0], "@@ -2,7 +2,6 @@")]
    [InlineData(10, new[] { 1 }, new int[0], "@@ -1,4 +1,3 @@")]
    [InlineData(10, new[] { 10 }, new int[0], "@@ -7,4 +7,3 @@")]
    [InlineData(20, new[] { 5, 11 }, new int[0], "@@ -2,13 +2,11 @@")]
    [InlineData(20, new[] { 5, 12 }, new int[0], "@@ -2,14 +2,12 @@")]
    [InlineData(20, new[] { 5, 13 }, new int[0], "@@ -2,7 +2,6 @@|@@ -10,7 +9,6 @@")]
    [InlineData(1, new[] { 1 }, new int[0], "@@ -1 +0,0 @@")]
    [InlineData(0, new int[0], new[] { 1 }, "@@ -0,0 +1 @@")]
    public void Create_Table_HeadersMatchDiffU(int lineCount, int[] deleted, int[] inserted, string expectedHeaders)
    {
        var before = Enumerable.Range(1, lineCount).Select(i => $"line {i}").ToList();
        var after = before.Where((_, i) => !deleted.Contains(i + 1)).ToList();
        foreach (var position in inserted)
        {
            after.Insert(position - 1, "new");
        }

        var hunks = UnifiedDiff.Create(before, after);

        string.Join('|', hunks.Select(h => h.Header)).ShouldBe(expectedHeaders);
    }

    [Fact]
    public void Create_Hunk_HasThreeContextLinesAroundChange()
    {
        var before = new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9" };
        var after = new[] { "1", "2", "3", "4", "X", "6", "7", "8", "9" };

        var hunk = UnifiedDiff.Create(before, after).ShouldHaveSingleItem();

        hunk.Lines.Select(l => l.ToString()).ShouldBe([" 2", " 3", " 4", "-5", "+X", " 6", " 7", " 8"]);
        hunk.Header.ShouldBe("@@ -2,7 +2,7 @@");
    }
}
