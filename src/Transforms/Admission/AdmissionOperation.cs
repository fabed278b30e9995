namespace RestoreMutator.Transforms.Admission;

/// <summary>The operation of an admission request.</summary>
public enum AdmissionOperation
{
    Create,
    Update,
    Delete,
    Connect,
}
