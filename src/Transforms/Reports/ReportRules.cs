using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Reports;

/// <summary>
/// Which operator rules (SPEC U, family <c>rule:&lt;name&gt;</c>) are in effect: the report lists
/// each with the number of objects it changed, zero included (SPEC X2). This is the one place that
/// answers it; a profile chosen for a restore (X1) adds its pipeline's rules here.
/// </summary>
public static class ReportRules
{
    /// <summary>The family prefix of operator rules in S7.</summary>
    public const string FamilyPrefix = "rule:";

    /// <summary>
    /// The names of the operator rules of <paramref name="pipelines"/> (their <c>rules:</c>, and any
    /// built-in rule whose family is <c>rule:&lt;name&gt;</c>), in order, each once.
    /// </summary>
    public static IReadOnlyList<string> InEffect(params IEnumerable<MutationPipeline> pipelines)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        return pipelines
            .SelectMany(pipeline => pipeline.Rules.Select(rule => RuleName(rule.Family)).OfType<string>().Concat(pipeline.OperatorRules.Select(rule => rule.Name)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The rule name of an operator-rule family, or null for a built-in family.</summary>
    public static string? RuleName(string family) =>
        family.StartsWith(FamilyPrefix, StringComparison.Ordinal) && family.Length > FamilyPrefix.Length ? family[FamilyPrefix.Length..] : null;
}
