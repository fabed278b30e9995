using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Selectors;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// Matches and applies one operator rule to a document: <c>patch</c> (RFC 6902), then
/// <c>mergePatch</c> (RFC 7386), then <c>replace</c> (regex in string values, non-strings skipped).
/// Pure; the pipeline decides what the outcome means for the answer.
/// </summary>
public static class OperatorRuleEngine
{
    private static readonly Dictionary<string, string> EmptyMapping = new(StringComparer.Ordinal);

    /// <summary>The conditions that need no document: kind, namespace, name and restore globs.</summary>
    public static bool MatchesSubject(OperatorRule rule, RuleSubject subject)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var match = rule.Match;
        return AnyKind(match.Kinds, subject.Kind)
            && AnyGlob(match.Namespaces, subject.Namespace, emptyNeverMatches: true)
            && AnyGlob(match.Names, subject.Name, emptyNeverMatches: false)
            && AnyGlob(match.Restores, subject.RestoreName, emptyNeverMatches: false)
            && FromSourceNamespace(match.SourceNamespaces, subject);
    }

    /// <summary>
    /// U5: whether the object came from one of <paramref name="sources"/>: its namespace reversed
    /// through the mapping (every source mapped to it; itself when none is). Cluster-scoped objects pass.
    /// </summary>
    private static bool FromSourceNamespace(IReadOnlyList<string> sources, RuleSubject subject)
    {
        if (sources.Count == 0 || subject.Namespace.Length == 0)
        {
            return true;
        }

        var mappedHere = false;
        foreach (var (source, target) in subject.NamespaceMapping ?? EmptyMapping)
        {
            if (string.Equals(target, subject.Namespace, StringComparison.Ordinal))
            {
                mappedHere = true;
                if (sources.Contains(source, StringComparer.Ordinal))
                {
                    return true;
                }
            }
        }

        return !mappedHere && sources.Contains(subject.Namespace, StringComparer.Ordinal);
    }

    /// <summary>The conditions on the document as earlier rules left it: labels and fields.</summary>
    public static bool MatchesDocument(OperatorRule rule, JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(document);
        if (rule.Match.LabelSelector is { } selector && !selector.Matches(Labels(document)))
        {
            return false;
        }

        for (var conditionIndex = 0; conditionIndex < rule.Match.Fields.Count; conditionIndex++)
        {
            var condition = rule.Match.Fields[conditionIndex];
            if (!condition.Holds(document))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Applies the rule's operations to <paramref name="document"/> in place; on any outcome but
    /// Applied the caller drops it. <paramref name="changed"/> says whether the document changed
    /// (also when the outcome is not Applied: earlier operations may have changed it).
    /// </summary>
    public static RuleOutcome Apply(OperatorRule rule, JsonNode document, out bool changed, out string failure)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(document);
        changed = false;
        var outcome = RuleJsonPatch.Apply(document, rule.Patch, ref changed, out failure);
        if (outcome != RuleOutcome.Applied)
        {
            return outcome;
        }

        if (rule.MergePatch is { } merge)
        {
            JsonMergePatch.Apply(document, merge, ref changed);
        }

        foreach (var replacement in rule.Replace)
        {
            changed |= ReplaceStrings(document, replacement);
        }

        return RuleOutcome.Applied;
    }

    private static bool ReplaceStrings(JsonNode document, RegexReplacement replacement)
    {
        var changed = false;
        foreach (var tokens in replacement.Path.Expand(document))
        {
            if (JsonTree.TryGet(document, tokens, out var value) && value is JsonValue text
                && text.GetValueKind() == JsonValueKind.String && text.TryGetValue<string>(out var current))
            {
                var next = replacement.Regex.Replace(current, replacement.With);
                if (!string.Equals(next, current, StringComparison.Ordinal))
                {
                    JsonTree.TryReplace(document, tokens, JsonValue.Create(next));
                    changed = true;
                }
            }
        }

        return changed;
    }

    private static bool AnyKind(IReadOnlyList<KindPattern> kinds, Admission.GroupKind kind)
    {
        for (var patternIndex = 0; patternIndex < kinds.Count; patternIndex++)
        {
            var pattern = kinds[patternIndex];
            if (pattern.Matches(kind))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyGlob(IReadOnlyList<string> globs, string text, bool emptyNeverMatches)
    {
        if (globs.Count == 0)
        {
            return true;
        }

        if (emptyNeverMatches && text.Length == 0)
        {
            // A namespace list never matches a cluster-scoped object.
            return false;
        }

        for (var globIndex = 0; globIndex < globs.Count; globIndex++)
        {
            var glob = globs[globIndex];
            if (GlobPattern.Matches(glob, text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The string labels of a document (what a label selector reads).</summary>
    internal static Dictionary<string, string> Labels(JsonNode document)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document["metadata"] is JsonObject metadata && metadata["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    labels[key] = v.GetValue<string>();
                }
            }
        }

        return labels;
    }
}
