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

        /// <summary>The object after families and rules (the applied annotation not yet set); null when no rule changed it.</summary>
        public JsonNode? Before { get; init; }

        public JsonNode? After { get; init; }
    }

    public static Result Run(MutationContext context, OperatorRule[] rules, IReadOnlyList<PatchOperation> familyOperations)
    {
        var subject = new RuleSubject(context.Request.Kind.GroupKind, context.Namespace, ObjectName(context.Object), context.RestoreName);
        JsonNode? start = null;
        JsonNode? state = null;
        var changed = new List<OperatorRule>();
        foreach (var rule in rules)
        {
            if (!OperatorRuleEngine.MatchesSubject(rule, subject))
            {
                continue;
            }

            if (start is null)
            {
                // The object as the families left it; only built when some rule may apply.
                start = JsonNode.Parse(context.Object.GetRawText())!;
                if (familyOperations.Count > 0)
                {
                    PatchApplier.ApplyInPlace(start, familyOperations);
                }

                state = start.DeepClone();
            }

            try
            {
                if (!OperatorRuleEngine.MatchesDocument(rule, state!))
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

                if (TryApply(context, rule, state!) is { } next)
                {
                    state = next;
                    changed.Add(rule);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                context.Warn($"rule {rule.Name} not applied to {Describe(context)}: a regex ran longer than 100 ms");
            }
        }

        return changed.Count == 0 ? Result.Nothing : new Result { Changed = changed, Before = start, After = state };
    }

    /// <summary>The rule's result on a copy of <paramref name="state"/>, or null when it does not apply or changes nothing.</summary>
    private static JsonNode? TryApply(MutationContext context, OperatorRule rule, JsonNode state)
    {
        if (rule.InPlace)
        {
            // No copy: such a rule either applies whole or has changed nothing when it stops.
            var outcome = OperatorRuleEngine.Apply(rule, state, out var changedInPlace, out var reason);
            if (outcome == RuleOutcome.Failed)
            {
                context.Warn($"rule {rule.Name} not applied to {Describe(context)}: {reason}");
            }

            return outcome == RuleOutcome.Applied && changedInPlace ? state : null;
        }

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

        // U3 at run time: a second pass over the rule's own result must change nothing, else the
        // next admission of the same object (S3) would change it again. It runs on the result
        // itself: when it changes nothing, the result is as it was.
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
            // The second pass changed something and then stopped (a failed test, say): as a whole it
            // is a no-op, but this copy is spoilt, so the first pass is made again (deterministic).
            attempt = state.DeepClone();
            OperatorRuleEngine.Apply(rule, attempt, out _, out _);
        }

        return attempt;
    }

    private static string ObjectName(JsonElement obj) =>
        obj.TryGetPath(out var name, "metadata", "name") && name.ValueKind == JsonValueKind.String ? name.GetString()! : string.Empty;

    private static string Describe(MutationContext context) => $"{context.Request.Kind.Kind} {context.Request.DisplayName}";
}
