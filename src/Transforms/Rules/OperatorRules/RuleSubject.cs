using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>What a rule's cheap conditions read from the request: kind, target namespace, name and restore.</summary>
public readonly record struct RuleSubject(GroupKind Kind, string Namespace, string Name, string RestoreName);
