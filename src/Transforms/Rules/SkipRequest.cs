namespace RestoreMutator.Transforms.Rules;

/// <summary>A rule's request not to restore an object (SPEC P4).</summary>
public sealed record SkipRequest(string Code, string Reason);
