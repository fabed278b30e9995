using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// What a rule's cheap conditions read from the request: kind, target namespace, name, restore
/// and the namespace mapping (source to target) that source namespace conditions go through.
/// </summary>
public readonly record struct RuleSubject(GroupKind Kind, string Namespace, string Name, string RestoreName, IReadOnlyDictionary<string, string>? NamespaceMapping = null);
