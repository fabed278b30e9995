namespace RestoreMutator.Transforms.Reports;

/// <summary>
/// The counts of one restore's report (<c>summary.json</c>, SPEC X2): one replica's, or several
/// merged (<see cref="Merge"/>). Objects are counted once each, by the review that decided them.
/// Layout and meaning: <see cref="RestoreSummaryJson"/> and README "Reading a restore report".
/// </summary>
public sealed class RestoreSummary
{
    /// <summary>At most this many distinct warning texts are kept; the rest are counted in <see cref="WarningsOmitted"/>.</summary>
    public const int MaxWarningTexts = 100;

    public RestoreSummary(string restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        Restore = restore;
    }

    /// <summary>The restore label's value.</summary>
    public string Restore { get; }

    /// <summary>The replicas whose counts these are (one for a replica's own report), sorted.</summary>
    public SortedSet<string> Replicas { get; } = new(StringComparer.Ordinal);

    /// <summary>When the first and the last counted review was answered; null when unknown (preview).</summary>
    public DateTimeOffset? FirstReview { get; set; }

    public DateTimeOffset? LastReview { get; set; }

    public DecisionCounts Objects { get; } = new();

    /// <summary>Kind label (<see cref="ReportObject.KindLabel"/>) to objects per decision.</summary>
    public SortedDictionary<string, DecisionCounts> Kinds { get; } = new(StringComparer.Ordinal);

    /// <summary>Family to the number of objects it changed.</summary>
    public SortedDictionary<string, int> Families { get; } = new(StringComparer.Ordinal);

    /// <summary>Skip code to the number of objects skipped for it.</summary>
    public SortedDictionary<string, int> SkipReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Every operator rule in effect (name without <c>rule:</c>) to the number of objects it changed, zero included.</summary>
    public SortedDictionary<string, int> Rules { get; } = new(StringComparer.Ordinal);

    /// <summary>Warning text to the number of objects whose answer carried it.</summary>
    public SortedDictionary<string, int> Warnings { get; } = new(StringComparer.Ordinal);

    /// <summary>Warnings whose text was not kept (beyond <see cref="MaxWarningTexts"/> distinct texts).</summary>
    public int WarningsOmitted { get; set; }

    /// <summary>Objects counted here but not listed in <c>objects.jsonl</c> (beyond its limits).</summary>
    public int Truncated { get; set; }

    /// <summary>Every warning counted, kept text or not.</summary>
    public int WarningCount => Warnings.Values.Sum() + WarningsOmitted;

    /// <summary>Operator rules in effect that changed no object.</summary>
    public IEnumerable<string> RulesWithoutChanges => Rules.Where(pair => pair.Value == 0).Select(pair => pair.Key);

    /// <summary>Lists <paramref name="names"/> among the rules, with zero when new.</summary>
    public void AddRules(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            Rules.TryAdd(name, 0);
        }
    }

    /// <summary>Counts one object.</summary>
    public void Count(ReportObject entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Objects[entry.Decision]++;
        KindCounts(entry.Kind)[entry.Decision]++;
        foreach (var family in entry.Families)
        {
            Increment(Families, family, 1);
            if (ReportRules.RuleName(family) is { } rule)
            {
                Increment(Rules, rule, 1);
            }
        }

        if (entry.Decision == ReportDecision.Skipped)
        {
            Increment(SkipReasons, entry.SkipCode.Length > 0 ? entry.SkipCode : "skipped", 1);
        }

        foreach (var warning in entry.Warnings.Distinct(StringComparer.Ordinal))
        {
            AddWarning(warning, 1);
        }
    }

    /// <summary>Adds <paramref name="other"/>'s counts (another replica of the same restore).</summary>
    public void Merge(RestoreSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Replicas.UnionWith(other.Replicas);
        FirstReview = Earlier(FirstReview, other.FirstReview);
        LastReview = Later(LastReview, other.LastReview);
        Objects.Add(other.Objects);
        foreach (var (kind, counts) in other.Kinds)
        {
            KindCounts(kind).Add(counts);
        }

        AddAll(Families, other.Families);
        AddAll(SkipReasons, other.SkipReasons);
        AddAll(Rules, other.Rules);
        foreach (var (text, count) in other.Warnings)
        {
            AddWarning(text, count);
        }

        WarningsOmitted += other.WarningsOmitted;
        Truncated += other.Truncated;
    }

    /// <summary>Counts <paramref name="count"/> occurrences of <paramref name="text"/>, within <see cref="MaxWarningTexts"/>.</summary>
    public void AddWarning(string text, int count)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Warnings.ContainsKey(text) || Warnings.Count < MaxWarningTexts)
        {
            Increment(Warnings, text, count);
        }
        else
        {
            WarningsOmitted += count;
        }
    }

    /// <summary>The counts of <paramref name="kind"/>, added when new.</summary>
    public DecisionCounts KindCounts(string kind)
    {
        if (!Kinds.TryGetValue(kind, out var counts))
        {
            counts = new DecisionCounts();
            Kinds.Add(kind, counts);
        }

        return counts;
    }

    private static void Increment(SortedDictionary<string, int> counts, string key, int by) =>
        counts[key] = counts.TryGetValue(key, out var current) ? current + by : by;

    private static void AddAll(SortedDictionary<string, int> into, SortedDictionary<string, int> from)
    {
        foreach (var (key, count) in from)
        {
            Increment(into, key, count);
        }
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
