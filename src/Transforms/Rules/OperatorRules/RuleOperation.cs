using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>One operation of a rule's <c>patch</c>; <see cref="From"/> is set for copy and move. The value is shared and never handed out uncloned.</summary>
public sealed record RuleOperation(RuleOperationKind Kind, RulePointer Path, RulePointer? From, JsonNode? Value)
{
    /// <summary>The <c>op</c> as written.</summary>
    public string Op => Kind.ToString().ToLowerInvariant();
}
