using Spectre.Console;
using RestoreMutator.Cli.Preview.Diff;

namespace RestoreMutator.Cli.Preview;

/// <summary>
/// The human output: per object the decision and why, the JSON patch and a unified diff of the
/// YAML (changed objects only), then a table of counts by kind and decision. Colour comes from
/// the console's profile (off when redirected, <c>--no-color</c> or <c>NO_COLOR</c>).
/// </summary>
internal sealed class TextPreviewReport(IAnsiConsole console) : IPreviewReport
{
    private static readonly Style Dim = new(Color.Grey);
    private static readonly Style Removed = new(Color.Red);
    private static readonly Style Added = new(Color.Green);
    private static readonly Style HunkHeader = new(Color.Teal);
    private static readonly Style Warning = new(Color.Yellow);

    public void Write(PreviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        console.Write(Label(result.Decision).PadRight(10), DecisionStyle(result.Decision));
        console.Write($"{PreviewSummary.KindLabel(result)} {result.DisplayName}", new Style(decoration: Decoration.Bold));
        console.WriteLine($": {result.Reason}{(result.Answer.Length > 0 ? $" (answered {result.Answer})" : string.Empty)}", Style.Plain);
        console.WriteLine($"  source: {result.Source}", Dim);
        if (result.SourceNamespace != result.Namespace)
        {
            console.WriteLine($"  namespace: {result.SourceNamespace} -> {result.Namespace}", Dim);
        }

        if (result.Profile.Length > 0)
        {
            console.WriteLine($"  profile: {result.Profile}", Dim);
        }

        if (result.Rules.Count > 0)
        {
            console.WriteLine($"  rules: {string.Join(", ", result.Rules)}", Dim);
        }

        foreach (var warning in result.Warnings)
        {
            console.WriteLine($"  warning: {warning}", Warning);
        }

        if (result.Operations.Count > 0)
        {
            // Also for an error: the patch the API server would reject is what needs fixing.
            WritePatch(result);
        }

        if (result.Before is not null && result.After is not null)
        {
            WriteDiff(YamlRenderer.Lines(result.Before), YamlRenderer.Lines(result.After));
        }
    }

    public void Complete(PreviewSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Reports.ReportTable.WriteCounts(console, "restore preview", summary.ByKind, summary.Totals);
        WriteRules(summary);
        if (summary.InputErrors > 0)
        {
            console.WriteLine($"{summary.InputErrors} input(s) could not be read; see the errors on stderr.", new Style(Color.Red));
        }
    }

    /// <summary>Which operator rule changed (or skipped) how many objects; rules that touched none stand out, as a typo in a glob does.</summary>
    private void WriteRules(PreviewSummary summary)
    {
        var rules = summary.ByRule.ToList();
        if (rules.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("operator rules");
        table.AddColumn("rule");
        table.AddColumn(new TableColumn("objects").RightAligned());
        foreach (var (rule, objects) in rules)
        {
            table.AddRow(new Text(rule), new Text(objects.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        console.Write(table);
        var unused = rules.Where(r => r.Objects == 0).Select(r => r.Rule).ToList();
        if (unused.Count > 0)
        {
            console.WriteLine($"rules that changed no object: {string.Join(", ", unused)}", Warning);
        }
    }

    /// <summary>The decision as printed (lower case).</summary>
    public static string Label(PreviewDecision decision) => decision.ToString().ToLowerInvariant();

    private static Style DecisionStyle(PreviewDecision decision) => decision switch
    {
        PreviewDecision.Changed => new Style(Color.Yellow, decoration: Decoration.Bold),
        PreviewDecision.Skipped => new Style(Color.Blue, decoration: Decoration.Bold),
        PreviewDecision.Error => new Style(Color.Red, decoration: Decoration.Bold),
        _ => Dim,
    };

    private void WritePatch(PreviewResult result)
    {
        console.WriteLine("  patch:", Style.Plain);
        foreach (var operation in result.Operations)
        {
            console.WriteLine($"    {PatchText.Format(operation)}", Style.Plain);
        }
    }

    private void WriteDiff(string[] before, string[] after)
    {
        console.WriteLine("  --- before", Removed);
        console.WriteLine("  +++ after", Added);
        foreach (var hunk in UnifiedDiff.Create(before, after))
        {
            console.WriteLine($"  {hunk.Header}", HunkHeader);
            foreach (var line in hunk.Lines)
            {
                var style = line.Kind switch
                {
                    DiffLineKind.Delete => Removed,
                    DiffLineKind.Insert => Added,
                    _ => Style.Plain,
                };
                console.WriteLine($"  {line}", style);
            }
        }
    }
}
