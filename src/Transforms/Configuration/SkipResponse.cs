namespace RestoreMutator.Transforms.Configuration;

/// <summary><c>skipResponse</c>: how a skip is answered (P4).</summary>
public enum SkipResponse
{
    /// <summary>409 AlreadyExists: Velero records a warning and the restore completes.</summary>
    Warn,

    /// <summary>403 Forbidden: Velero records an error (restore PartiallyFailed).</summary>
    Deny,
}
