using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>The lower-case outcome names shared by logs and metrics.</summary>
internal static class Outcomes
{
    public const string Patched = "patched";
    public const string Unchanged = "unchanged";
    public const string Skipped = "skipped";
    public const string Error = "error";

    /// <summary>Refused with a 4xx before review (unreadable, too large, wrong content type).</summary>
    public const string Rejected = "rejected";

    public static string Name(AdmissionOutcome outcome) => outcome switch
    {
        AdmissionOutcome.Patched => Patched,
        AdmissionOutcome.Skipped => Skipped,
        AdmissionOutcome.Error => Error,
        _ => Unchanged,
    };
}
