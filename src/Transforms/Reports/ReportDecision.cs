using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Reports;

/// <summary>What happened to one restored object, as the restore report counts it (SPEC X2).</summary>
public enum ReportDecision
{
    /// <summary>The webhook patched the object.</summary>
    Changed,
    /// <summary>The object was created as it was.</summary>
    Unchanged,
    /// <summary>The webhook denied the CREATE, so the object was not restored (SPEC P4).</summary>
    Skipped,
    /// <summary>The webhook answered an internal error (SPEC A4), or, in preview, its patch would not apply.</summary>
    Error,
}

/// <summary>Names and conversions of <see cref="ReportDecision"/>.</summary>
public static class ReportDecisions
{
    /// <summary>Every decision, in the order the tables print them.</summary>
    public static readonly ReportDecision[] All = [ReportDecision.Changed, ReportDecision.Unchanged, ReportDecision.Skipped, ReportDecision.Error];

    /// <summary>The name in JSON and tables: <c>changed</c>, <c>unchanged</c>, <c>skipped</c>, <c>error</c>.</summary>
    public static string Name(ReportDecision decision) => decision switch
    {
        ReportDecision.Changed => "changed",
        ReportDecision.Unchanged => "unchanged",
        ReportDecision.Skipped => "skipped",
        _ => "error",
    };

    public static bool TryParse(string? name, out ReportDecision decision)
    {
        foreach (var candidate in All)
        {
            if (Name(candidate) == name)
            {
                decision = candidate;
                return true;
            }
        }

        decision = default;
        return false;
    }

    /// <summary>The report's decision for an admission answer.</summary>
    public static ReportDecision From(AdmissionOutcome outcome) => outcome switch
    {
        AdmissionOutcome.Patched => ReportDecision.Changed,
        AdmissionOutcome.Unchanged => ReportDecision.Unchanged,
        AdmissionOutcome.Skipped => ReportDecision.Skipped,
        _ => ReportDecision.Error,
    };
}
