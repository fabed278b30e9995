namespace RestoreMutator.Transforms.Reports;

/// <summary>Objects per decision.</summary>
public sealed class DecisionCounts
{
    private readonly int[] _counts = new int[ReportDecisions.All.Length];

    public int this[ReportDecision decision]
    {
        get => _counts[(int)decision];
        set => _counts[(int)decision] = value;
    }

    public int Total => _counts.Sum();

    public void Add(DecisionCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
    }
}
