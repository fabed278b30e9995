using System.Text.RegularExpressions;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// One entry of a rule's <c>replace</c>: in every string value at <see cref="Path"/>, matches of
/// <see cref="Regex"/> become <see cref="With"/> (.NET substitutions: <c>$1</c>, <c>${name}</c>, <c>$$</c>).
/// </summary>
public sealed record RegexReplacement(RulePointer Path, Regex Regex, string With)
{
    /// <summary>The UTF-8 text every match contains when the regex is a plain literal; null otherwise (see <see cref="JsonStrings"/>).</summary>
    internal byte[]? Literal { get; } = JsonStrings.LiteralOf(Regex);
}
