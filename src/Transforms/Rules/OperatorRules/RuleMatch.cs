using RestoreMutator.Transforms.Selectors;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>A rule's <c>match</c>: every condition given must hold; an empty list means any.</summary>
public sealed record RuleMatch
{
    /// <summary>The match of a rule without <c>match</c>: every object.</summary>
    public static readonly RuleMatch Everything = new();

    public IReadOnlyList<KindPattern> Kinds { get; init; } = [KindPattern.Any];

    /// <summary>Globs on the target namespace; a cluster-scoped object matches none of them.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Globs on <c>metadata.name</c>.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>Globs on the restore name (the restore label's value).</summary>
    public IReadOnlyList<string> Restores { get; init; } = [];

    /// <summary>
    /// U5: exact source namespace names (Velero's <c>namespaces</c>): the object's namespace must be
    /// where one of them maps to; empty means any, and cluster-scoped objects always pass.
    /// </summary>
    public IReadOnlyList<string> SourceNamespaces { get; init; } = [];

    public LabelSelector? LabelSelector { get; init; }

    public IReadOnlyList<FieldCondition> Fields { get; init; } = [];
}
