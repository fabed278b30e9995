using System.Globalization;
using RestoreMutator.Transforms.Reports;
using Spectre.Console;

namespace RestoreMutator.Cli.Reports;

/// <summary>
/// The text of a restore report, shared by <c>report</c> (X3), <c>preview --report</c> and the
/// preview's own totals: the table of objects by kind and decision, then the skipped objects with
/// their reasons, the operator rules that changed nothing, and the warnings.
/// </summary>
internal static class ReportTable
{
    private static readonly Style Heading = new(decoration: Decoration.Bold);
    private static readonly Style Dim = new(Color.Grey);
    private static readonly Style Warning = new(Color.Yellow);

    /// <summary>The table of counts by kind and decision, with a total row.</summary>
    public static void WriteCounts(IAnsiConsole console, string title, IEnumerable<(string Kind, DecisionCounts Counts)> kinds, DecisionCounts totals)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(totals);
        var table = new Table().Border(TableBorder.Rounded).Title(title);
        table.AddColumn("kind");
        foreach (var decision in ReportDecisions.All)
        {
            table.AddColumn(new TableColumn(ReportDecisions.Name(decision)).RightAligned());
        }

        table.AddColumn(new TableColumn("total").RightAligned());
        foreach (var (kind, counts) in kinds)
        {
            table.AddRow([new Text(kind), .. ReportDecisions.All.Select(d => Cell(counts[d])), Cell(counts.Total)]);
        }

        table.AddRow([new Text("total", Heading), .. ReportDecisions.All.Select(d => Cell(totals[d])), Cell(totals.Total)]);
        console.WriteLine();
        console.Write(table);
    }

    /// <summary>The whole report: counts, skipped objects, rules that changed nothing, warnings.</summary>
    public static void Write(IAnsiConsole console, string title, RestoreSummary summary, IEnumerable<ReportObject> listed)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(listed);
        WriteCounts(console, title, summary.Kinds.Select(pair => (pair.Key, pair.Value)), summary.Objects);
        var objects = listed.ToList();

        var skipped = objects.Where(o => o.Decision is ReportDecision.Skipped or ReportDecision.Error).ToList();
        var skippedCount = summary.Objects[ReportDecision.Skipped] + summary.Objects[ReportDecision.Error];
        Section(console, $"skipped objects ({summary.Objects[ReportDecision.Skipped]}) and errors ({summary.Objects[ReportDecision.Error]})");
        if (skippedCount == 0)
        {
            console.WriteLine("  none", Dim);
        }

        foreach (var entry in skipped)
        {
            var what = entry.Decision == ReportDecision.Error ? "error" : entry.SkipCode;
            console.WriteLine($"  {entry.Kind} {entry.DisplayName}: {entry.Reason} ({what})", Style.Plain);
        }

        if (skippedCount > skipped.Count)
        {
            console.WriteLine($"  ... {skippedCount - skipped.Count} more not listed (the object list holds at most {RestoreReportBuilder.MaxObjectLines} lines); by reason:", Dim);
            foreach (var (code, count) in summary.SkipReasons)
            {
                console.WriteLine($"  {Count(count)} {code}", Dim);
            }
        }

        Section(console, "operator rules that changed nothing");
        if (summary.Rules.Count == 0)
        {
            console.WriteLine("  no operator rules in effect", Dim);
        }
        else
        {
            var idle = summary.RulesWithoutChanges.ToList();
            console.WriteLine(idle.Count == 0 ? "  none: every rule changed at least one object" : "  " + string.Join(", ", idle), idle.Count == 0 ? Dim : Warning);
        }

        Section(console, $"warnings ({Count(summary.WarningCount)})");
        if (summary.WarningCount == 0)
        {
            console.WriteLine("  none", Dim);
        }

        foreach (var (text, count) in summary.Warnings.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal))
        {
            console.WriteLine($"  {Count(count)} x {text}", Warning);
        }

        if (summary.WarningsOmitted > 0)
        {
            console.WriteLine($"  {Count(summary.WarningsOmitted)} x other warnings (beyond {RestoreSummary.MaxWarningTexts} distinct texts)", Warning);
        }

        if (summary.Truncated > 0)
        {
            console.WriteLine();
            console.WriteLine($"{Count(summary.Truncated)} object(s) counted but not listed: objects.jsonl holds at most {RestoreReportBuilder.MaxObjectLines} lines per replica.", Dim);
        }
    }

    private static void Section(IAnsiConsole console, string heading)
    {
        console.WriteLine();
        console.WriteLine(heading, Heading);
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static Text Cell(int count) => new(Count(count));
}
