namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>What applying one rule's operations to a document came to.</summary>
public enum RuleOutcome
{
    /// <summary>Every operation applied (the document may or may not have changed).</summary>
    Applied,

    /// <summary>A <c>test</c> failed: the rule does not apply to this object, silently (U1).</summary>
    TestFailed,

    /// <summary>An operation could not apply: the rule does not apply, with a warning (U1).</summary>
    Failed,
}
