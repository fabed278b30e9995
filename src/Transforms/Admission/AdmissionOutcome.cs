namespace RestoreMutator.Transforms.Admission;

/// <summary>What the webhook decided for one request (the <c>outcome</c> of logs and metrics).</summary>
public enum AdmissionOutcome
{
    /// <summary>Allowed with no operations.</summary>
    Unchanged,
    /// <summary>Allowed with a JSON patch.</summary>
    Patched,
    /// <summary>Denied on purpose: the object must not be restored (SPEC P4).</summary>
    Skipped,
    /// <summary>Denied because of an unexpected internal error (SPEC A4).</summary>
    Error,
}
