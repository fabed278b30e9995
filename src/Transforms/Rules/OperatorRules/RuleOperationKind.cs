namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>The RFC 6902 operations a rule's <c>patch</c> may use.</summary>
public enum RuleOperationKind
{
    Add,
    Remove,
    Replace,
    Copy,
    Move,
    Test,
}
