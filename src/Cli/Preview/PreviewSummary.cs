using RestoreMutator.Transforms.Reports;

namespace RestoreMutator.Cli.Preview;

/// <summary>Counters by kind and decision: all the summary needs, so no object is kept after it is written.</summary>
internal sealed class PreviewSummary(IReadOnlyList<string>? ruleNames = null)
{
    private readonly SortedDictionary<string, DecisionCounts> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byRule = new(StringComparer.Ordinal);

    /// <summary>Inputs (files, documents, tar entries) that could not be read.</summary>
    public int InputErrors { get; set; }

    /// <summary>Objects previewed.</summary>
    public int Objects => Totals.Total;

    /// <summary>Objects per decision.</summary>
    public DecisionCounts Totals { get; } = new();

    public void Add(PreviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var kind = KindLabel(result);
        if (!_byKind.TryGetValue(kind, out var counts))
        {
            counts = new DecisionCounts();
            _byKind.Add(kind, counts);
        }

        foreach (var rule in result.Rules)
        {
            _byRule[rule] = _byRule.GetValueOrDefault(rule) + 1;
        }

        var decision = ReportDecision(result.Decision);
        counts[decision]++;
        Totals[decision]++;
    }

    /// <summary>Kinds in ordinal order, with their counts per decision.</summary>
    public IEnumerable<(string Kind, DecisionCounts Counts)> ByKind => _byKind.Select(pair => (pair.Key, pair.Value));

    public int Count(PreviewDecision decision) => Totals[ReportDecision(decision)];

    /// <summary>Every configured operator rule in file order, with the number of objects it changed or skipped (0 included).</summary>
    public IEnumerable<(string Rule, int Objects)> ByRule => (ruleNames ?? []).Select(rule => (rule, _byRule.GetValueOrDefault(rule)));

    /// <summary>The kind with its API group, as kubectl prints it (<c>Deployment.apps</c>; core kinds alone).</summary>
    public static string KindLabel(PreviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var slash = result.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        return ReportObject.KindLabel(slash < 0 ? string.Empty : result.ApiVersion[..slash], result.Kind);
    }

    /// <summary>The restore report's name for a preview decision (the same four).</summary>
    public static ReportDecision ReportDecision(PreviewDecision decision) => decision switch
    {
        PreviewDecision.Changed => Transforms.Reports.ReportDecision.Changed,
        PreviewDecision.Unchanged => Transforms.Reports.ReportDecision.Unchanged,
        PreviewDecision.Skipped => Transforms.Reports.ReportDecision.Skipped,
        _ => Transforms.Reports.ReportDecision.Error,
    };
}
