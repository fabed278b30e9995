namespace RestoreMutator.Transforms.Rules;

/// <summary>Names of behaviour families as recorded in <c>restore-mutator.io/applied</c> (SPEC S7).</summary>
public static class Families
{
    /// <summary>Image reference rewrites and the destination record (R1-R4).</summary>
    public const string Registry = "registry";
}
