using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// Runs the operator rules of one request after every built-in family (U1): each rule sees the
/// object as the families and earlier rules left it, and the answer carries explicit minimal
/// operations for what the rules changed (U2), after the families' own operations. A rule whose
/// second application would change its own result again is refused at run time (U3).
/// </summary>
internal static class OperatorRuleStage
{
    /// <summary>The skip code of U4 skips (metrics label).</summary>
    public const string SkipCode = "rule";

    /// <summary>What the rules did to one object.</summary>
    public sealed class Result
    {
        public static readonly Result Nothing = new();

        public SkipRequest? Skip { get; init; }

        /// <summary>The rule that asked for <see cref="Skip"/>.</summary>
        public OperatorRule? SkippedBy { get; init; }

        /// <summary>The rules that changed the object, in the order they ran.</summary>
        public IReadOnlyList<OperatorRule> Changed { get; init; } = [];

        /// <summary>The object before and after the rules, built where they looked; null when no rule changed it.</summary>
        internal RuleDocument? Document { get; init; }
    }

    public static Result Run(MutationContext context, OperatorRule[] rules, IReadOnlyList<PatchOperation> familyOperations)
    {
        var subject = new RuleSubject(context.Request.Kind.GroupKind, context.Namespace, ObjectName(context.Object), context.RestoreName, context.Facts.NamespaceMapping);
        string? group = null;
        JsonNode? groupStart = null;
        RuleDocument? document = null;
        List<OperatorRule>? changed = null;
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (!string.Equals(rule.ConditionGroup, group, StringComparison.Ordinal))
            {
                group = rule.ConditionGroup;
                groupStart = null;
            }

            if (!OperatorRuleEngine.MatchesSubject(rule, subject))
            {
                continue;
            }

            document ??= new RuleDocument(context.Object, familyOperations);
            try
            {
                if (!MatchesDocument(rule, document, groupStart))
                {
                    continue;
                }

                if (rule.Skip)
                {
                    if (context.CanSkip)
                    {
                        return new Result
                        {
                            Skip = new SkipRequest(SkipCode, rule.Reason.Length > 0 ? $"{rule.Reason} (rule {rule.Name})" : $"rule {rule.Name}"),
                            SkippedBy = rule,
                        };
                    }

                    continue;
                }

                if (!MayChangeStrings(rule, document))
                {
                    continue;
                }

                if (groupStart is null && group is not null && i + 1 < rules.Length
                    && string.Equals(rules[i + 1].ConditionGroup, group, StringComparison.Ordinal))
                {
                    // U5: the later rules of this Velero file see the object as it was before this one.
                    groupStart = document.Snapshot();
                }

                if (TryApply(context, rule, document))
                {
                    (changed ??= []).Add(rule);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                context.Warn($"rule {rule.Name} not applied to {Describe(context)}: a regex ran longer than 100 ms");
            }
        }

        return changed is null ? Result.Nothing : new Result { Changed = changed, Document = document };
    }

    /// <summary>
    /// The rule's label selector and field conditions, on the object as earlier rules left it, or
    /// as it was before its Velero file's first rule changed it (<paramref name="groupStart"/>, U5).
    /// </summary>
    private static bool MatchesDocument(OperatorRule rule, RuleDocument document, JsonNode? groupStart)
    {
        if (rule.Match.LabelSelector is { } selector && !document.Selects(selector, groupStart))
        {
            return false;
        }

        for (var conditionIndex = 0; conditionIndex < rule.Match.Fields.Count; conditionIndex++)
        {
            var condition = rule.Match.Fields[conditionIndex];
            if (!document.Holds(condition, groupStart))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// False when the rule only replaces strings and none of the strings at its paths matches its
    /// regex, read on the source while nothing at those paths has changed: then it changes
    /// nothing, and no node is built for it. True when it may change something (it then runs).
    /// </summary>
    private static bool MayChangeStrings(OperatorRule rule, RuleDocument document)
    {
        if (rule.Patch.Count > 0 || rule.MergePatch is not null || rule.Replace.Count == 0)
        {
            return true;
        }

        for (var replacementIndex = 0; replacementIndex < rule.Replace.Count; replacementIndex++)
        {
            var replacement = rule.Replace[replacementIndex];
            if (!document.IsPristine(replacement.Path.Tokens))
            {
                return true;
            }
        }

        for (var replacementIndex = 0; replacementIndex < rule.Replace.Count; replacementIndex++)
        {
            var replacement = rule.Replace[replacementIndex];
            if (AnyMatch(document.Request, replacement, 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a string the path reaches (through <c>*</c>: any member) matches the regex. At the
    /// first <c>*</c>, a literal regex is first looked for in the raw JSON of what lies below.
    /// </summary>
    private static bool AnyMatch(JsonElement node, RegexReplacement replacement, int index)
    {
        var tokens = replacement.Path.Tokens;
        if (index == tokens.Count)
        {
            return node.ValueKind == JsonValueKind.String && JsonStrings.IsMatch(node, replacement.Regex);
        }

        var token = tokens[index];
        if (token == RulePointer.Wildcard && node.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            && replacement.Literal is { } literal && !node.MayContain(literal))
        {
            return false;
        }

        switch (node.ValueKind)
        {
            case JsonValueKind.Object when token == RulePointer.Wildcard:
                foreach (var member in node.EnumerateObject())
                {
                    if (AnyMatch(member.Value, replacement, index + 1))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array when token == RulePointer.Wildcard:
                foreach (var element in node.EnumerateArray())
                {
                    if (AnyMatch(element, replacement, index + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return JsonTree.TryChild(node, token, out var child) && AnyMatch(child, replacement, index + 1);
        }
    }

    /// <summary>
    /// Applies the rule to the live document; true when it changed it, false when the rule does
    /// not apply or changes nothing (then the document is as it was).
    /// </summary>
    private static bool TryApply(MutationContext context, OperatorRule rule, RuleDocument document)
    {
        if (rule.FixedOperations is { } operations && document.TryApplyOnRequest(operations, out var changedOnRequest))
        {
            return changedOnRequest;
        }

        var state = document.Live(RuleScope.Reads(rule));
        var scopes = RuleScope.Of(rule);
        if (rule.InPlace)
        {
            // No copy: such a rule either applies whole or has changed nothing when it stops.
            var outcome = OperatorRuleEngine.Apply(rule, state, out var changedInPlace, out var reason);
            if (outcome == RuleOutcome.Failed)
            {
                context.Warn($"rule {rule.Name} not applied to {Describe(context)}: {reason}");
            }

            if (outcome != RuleOutcome.Applied || !changedInPlace)
            {
                return false;
            }

            document.Changed(scopes, whole: false);
            return true;
        }

        // A copy of only what the rule can change, to undo it on the live document.
        if (RuleSnapshot.Take(state, scopes) is not { } snapshot)
        {
            if (TryApplyOnCopy(context, rule, state) is not { } next)
            {
                return false;
            }

            document.Replace(next);
            document.Changed(scopes, whole: true);
            return true;
        }

        try
        {
            if (TryApplyWithUndo(context, rule, state, snapshot) is null)
            {
                return false;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            snapshot.Restore();
            throw;
        }

        document.Changed(scopes, whole: false);
        return true;
    }

    private static JsonNode? TryApplyWithUndo(MutationContext context, OperatorRule rule, JsonNode state, RuleSnapshot snapshot)
    {
        switch (OperatorRuleEngine.Apply(rule, state, out var changed, out var failure))
        {
            case RuleOutcome.TestFailed:
                snapshot.Restore();
                return null;
            case RuleOutcome.Failed:
                snapshot.Restore();
                context.Warn($"rule {rule.Name} not applied to {Describe(context)}: {failure}");
                return null;
        }

        if (!changed)
        {
            return null;
        }

        // U3 at run time: a second pass over the rule's own result must change nothing, else the
        // next admission of the same object (S3) would change it again.
        if (!rule.NeedsSecondPass || !OperatorRuleEngine.MatchesDocument(rule, state))
        {
            return state;
        }

        var again = OperatorRuleEngine.Apply(rule, state, out var changedAgain, out _);
        if (again == RuleOutcome.Applied && changedAgain)
        {
            snapshot.Restore();
            context.Warn($"rule {rule.Name} not applied to {Describe(context)}: a second pass would change it again (not idempotent)");
            return null;
        }

        if (changedAgain)
        {
            // The second pass changed something and then stopped (a failed test, say): as a whole it
            // is a no-op, but the document is spoilt, so it is put back and the first pass made again (deterministic).
            snapshot.Restore();
            OperatorRuleEngine.Apply(rule, state, out _, out _);
        }

        return state;
    }

    /// <summary>The rule's result on a copy of <paramref name="state"/>, or null when it does not apply or changes nothing.</summary>
    private static JsonNode? TryApplyOnCopy(MutationContext context, OperatorRule rule, JsonNode state)
    {
        var attempt = state.DeepClone();
        switch (OperatorRuleEngine.Apply(rule, attempt, out var changed, out var failure))
        {
            case RuleOutcome.TestFailed:
                return null;
            case RuleOutcome.Failed:
                context.Warn($"rule {rule.Name} not applied to {Describe(context)}: {failure}");
                return null;
        }

        if (!changed)
        {
            return null;
        }

        if (!rule.NeedsSecondPass || !OperatorRuleEngine.MatchesDocument(rule, attempt))
        {
            return attempt;
        }

        var again = OperatorRuleEngine.Apply(rule, attempt, out var changedAgain, out _);
        if (again == RuleOutcome.Applied && changedAgain)
        {
            context.Warn($"rule {rule.Name} not applied to {Describe(context)}: a second pass would change it again (not idempotent)");
            return null;
        }

        if (changedAgain)
        {
            attempt = state.DeepClone();
            OperatorRuleEngine.Apply(rule, attempt, out _, out _);
        }

        return attempt;
    }

    private static string ObjectName(JsonElement obj) =>
        obj.TryGetPath(out var name, "metadata", "name") && name.ValueKind == JsonValueKind.String ? name.GetString()! : string.Empty;

    private static string Describe(MutationContext context) => $"{context.Request.Kind.Kind} {context.Request.DisplayName}";
}
