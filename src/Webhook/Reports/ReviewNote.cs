using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Webhook.Reports;

/// <summary>
/// What the report needs of one answered review, copied off the request (whose JSON document is
/// gone once it is answered): constant size, whatever the object's size.
/// </summary>
internal sealed record ReviewNote(
    string Restore,
    string Group,
    string Kind,
    string Namespace,
    string Name,
    AdmissionOperation Operation,
    NotedDecision Decision,
    RestoreFacts? RestoreRead,
    MutationPipeline Pipeline,
    DateTimeOffset At);
