namespace RestoreMutator.Cli.Preview;

/// <summary>Counters by kind and decision: all the summary needs, so no object is kept after it is written.</summary>
public sealed class PreviewSummary(IReadOnlyList<string>? ruleNames = null)
{
    private readonly SortedDictionary<string, int[]> _byKind = new(StringComparer.Ordinal);
    private readonly int[] _totals = new int[Enum.GetValues<PreviewDecision>().Length];
    private readonly Dictionary<string, int> _byRule = new(StringComparer.Ordinal);

    /// <summary>Inputs (files, documents, tar entries) that could not be read.</summary>
    public int InputErrors { get; set; }

    /// <summary>Objects previewed.</summary>
    public int Objects { get; private set; }

    public void Add(PreviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var kind = KindLabel(result);
        if (!_byKind.TryGetValue(kind, out var counts))
        {
            counts = new int[_totals.Length];
            _byKind.Add(kind, counts);
        }

        foreach (var rule in result.Rules)
        {
            _byRule[rule] = _byRule.GetValueOrDefault(rule) + 1;
        }

        counts[(int)result.Decision]++;
        _totals[(int)result.Decision]++;
        Objects++;
    }

    /// <summary>Kinds in ordinal order, with their counts per decision.</summary>
    public IEnumerable<(string Kind, IReadOnlyList<int> Counts)> ByKind => _byKind.Select(pair => (pair.Key, (IReadOnlyList<int>)pair.Value));

    public int Count(PreviewDecision decision) => _totals[(int)decision];

    /// <summary>Every configured operator rule in file order, with the number of objects it changed or skipped (0 included).</summary>
    public IEnumerable<(string Rule, int Objects)> ByRule => (ruleNames ?? []).Select(rule => (rule, _byRule.GetValueOrDefault(rule)));

    /// <summary>The kind with its API group, as kubectl prints it (<c>Deployment.apps</c>; core kinds alone).</summary>
    public static string KindLabel(PreviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var slash = result.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? result.Kind : $"{result.Kind}.{result.ApiVersion[..slash]}";
    }
}
