using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// One compiled entry of <c>rules:</c> (SPEC U): what it matches and what it does, built and
/// validated once at load. Immutable and shared by every request.
/// </summary>
public sealed record OperatorRule
{
    /// <summary>The prefix of a rule's family in <c>restore-mutator.io/applied</c> (S7).</summary>
    public const string FamilyPrefix = "rule:";

    public required string Name { get; init; }

    public RuleMatch Match { get; init; } = RuleMatch.Everything;

    public IReadOnlyList<RuleOperation> Patch { get; init; } = [];

    /// <summary>An RFC 7386 merge patch (an object), applied after <see cref="Patch"/>.</summary>
    public JsonObject? MergePatch { get; init; }

    public IReadOnlyList<RegexReplacement> Replace { get; init; } = [];

    /// <summary>
    /// U5: rules with the same group (one <c>resourceModifiers</c> file, consecutive) evaluate
    /// their document conditions against the object as it was before the group's first rule, as
    /// Velero does; null: against the object as the earlier rules left it (U1).
    /// </summary>
    public string? ConditionGroup { get; init; }

    /// <summary>U4: the object is not restored (CREATE only).</summary>
    public bool Skip { get; init; }

    public string Reason { get; init; } = string.Empty;

    /// <summary>Whether the run-time U3 check applies the rule a second time (see <see cref="RuleIdempotence.NeedsSecondPass"/>).</summary>
    public bool NeedsSecondPass { get; init; } = true;

    /// <summary>Whether the rule runs on the live document without a copy (see <see cref="RuleIdempotence.CanApplyInPlace"/>).</summary>
    public bool InPlace { get; init; }

    /// <summary>The rule as constant operations at fixed members, when it is one (see <see cref="FixedOperation.Of"/>); else null.</summary>
    internal FixedOperation[]? FixedOperations { get; init; }

    /// <summary>The family recorded in S7: <c>rule:&lt;name&gt;</c>.</summary>
    public string Family => FamilyPrefix + Name;
}
