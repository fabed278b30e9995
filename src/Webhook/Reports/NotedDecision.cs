using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Webhook.Reports;

/// <summary>
/// The parts of an <see cref="AdmissionDecision"/> the report lists. Not the decision itself: its
/// patch operations (paths and JSON values, a few KiB per review) would stay alive in the queue
/// until the writer's next tick, outliving a young-generation collection or two; at thousands of
/// reviews a second, copying them into the older generations cost more server CPU than the rest of
/// the report (bench/load.sh, docs/performance.md).
/// </summary>
internal readonly record struct NotedDecision(
    AdmissionOutcome Outcome,
    IReadOnlyList<string> Families,
    int Operations,
    string SkipCode,
    string Reason,
    IReadOnlyList<string> Warnings)
{
    public static NotedDecision From(AdmissionDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new NotedDecision(
            decision.Outcome, decision.Families, decision.Operations.Count, decision.SkipCode,
            decision.Outcome == AdmissionOutcome.Error ? decision.Message : decision.SkipReason, decision.Warnings);
    }
}
