using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Admission;

/// <summary>
/// The answer to one admission request, independent of the wire format. Built only through the
/// factory methods, mirroring controller-runtime's Allowed / Patched / Denied / Errored.
/// </summary>
public sealed class AdmissionDecision
{
    private AdmissionDecision(AdmissionOutcome outcome)
    {
        Outcome = outcome;
    }

    public AdmissionOutcome Outcome { get; }
    public bool Allowed => Outcome is AdmissionOutcome.Unchanged or AdmissionOutcome.Patched;
    public IReadOnlyList<PatchOperation> Operations { get; private init; } = [];
    public IReadOnlyList<string> Warnings { get; private init; } = [];
    /// <summary>Sorted behaviour families that changed the object, and <c>profile:&lt;name&gt;</c> when a profile was in force (SPEC S7, X1).</summary>
    public IReadOnlyList<string> Families { get; private init; } = [];
    /// <summary>HTTP-style status code of a denial (409, 403, 500).</summary>
    public int StatusCode { get; private init; }
    /// <summary>Kubernetes status reason of a denial (<c>AlreadyExists</c>, <c>Forbidden</c>, <c>InternalError</c>).</summary>
    public string Reason { get; private init; } = string.Empty;
    public string Message { get; private init; } = string.Empty;
    /// <summary>A short stable code for why an object was skipped (metrics label), e.g. <c>managed-pod</c>.</summary>
    public string SkipCode { get; private init; } = string.Empty;
    /// <summary>Why an object was skipped, in words (the end of <see cref="Message"/>), e.g. <c>managed by a ReplicaSet (label pod-template-hash)</c>.</summary>
    public string SkipReason { get; private init; } = string.Empty;
    /// <summary>Storage classes the object names that the destination lacks (SPEC V4), for the host's metric; each is also a warning.</summary>
    public IReadOnlyList<string> MissingStorageClasses { get; internal set; } = [];
    /// <summary>The profile whose configuration decided this object (X1); empty for the base configuration or out of scope.</summary>
    public string Profile { get; internal set; } = string.Empty;
    /// <summary>Whether the object's Restore named a profile the configuration does not have (X1: base configuration and a warning).</summary>
    public bool UnknownProfile { get; internal set; }

    /// <summary>
    /// The operator rules (U) that changed the object, in the order they ran (S7 <c>rule:NAME</c>
    /// families), or the one rule that skipped it (U4); for the host's metrics and log.
    /// </summary>
    public IReadOnlyList<string> AppliedRules { get; internal set; } = [];

    public static AdmissionDecision Allow(IReadOnlyList<string>? warnings = null) =>
        new(AdmissionOutcome.Unchanged) { Warnings = warnings ?? [] };

    public static AdmissionDecision Patch(IReadOnlyList<PatchOperation> operations, IReadOnlyList<string> families, IReadOnlyList<string>? warnings = null) =>
        operations.Count == 0
            ? Allow(warnings)
            : new(AdmissionOutcome.Patched) { Operations = operations, Families = families, Warnings = warnings ?? [] };

    public static AdmissionDecision Skip(int statusCode, string reason, string skipCode, string skipReason, string message, IReadOnlyList<string>? warnings = null) =>
        new(AdmissionOutcome.Skipped)
        {
            StatusCode = statusCode, Reason = reason, SkipCode = skipCode, SkipReason = skipReason, Message = message, Warnings = warnings ?? [],
        };

    public static AdmissionDecision Error(string message) =>
        new(AdmissionOutcome.Error) { StatusCode = 500, Reason = "InternalError", Message = message };
}
