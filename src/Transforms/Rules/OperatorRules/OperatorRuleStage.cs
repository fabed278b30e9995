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

        /// <summary>Where <see cref="After"/> may differ from <see cref="Before"/> (the diff walks only these paths).</summary>
        internal TouchedPaths Touched { get; init; } = new();
    }

    public static Result Run(MutationContext context, OperatorRule[] rules, IReadOnlyList<PatchOperation> familyOperations)
    {
        var subject = new RuleSubject(context.Request.Kind.GroupKind, context.Namespace, ObjectName(context.Object), context.RestoreName, context.Facts.NamespaceMapping);
        string? group = null;
        JsonNode? groupStart = null;
        JsonNode? start = null;
        JsonNode? state = null;
        TouchedPaths? touched = null;
        TouchedPaths? dirty = null;
        JsonElement source = default;
        var changed = new List<OperatorRule>();
        foreach (var rule in rules)
        {
            if (!string.Equals(rule.ConditionGroup, group, StringComparison.Ordinal))
            {
                group = rule.ConditionGroup;
                groupStart = null;
            }

            if (!OperatorRuleEngine.MatchesSubject(rule, subject))
            {
                continue;
            }

            if (start is null)
            {
                // The object as the families left it, twice (before and after the rules); only
                // built when some rule may apply. Both trees read one copy of the object and
                // build their nodes only where they are visited.
                source = context.Object.Clone();
                start = Tree(source);
                state = Tree(source);
                if (familyOperations.Count > 0)
                {
                    PatchApplier.ApplyInPlace(start, familyOperations);
                    PatchApplier.ApplyInPlace(state, familyOperations);
                }

                touched = new TouchedPaths();

                // Where the live document may differ from the source: the families' paths, then
                // the paths of every rule that changed it.
                dirty = new TouchedPaths();
                foreach (var operation in familyOperations)
                {
                    dirty.AddPointer(operation.Path);
                }
            }

            try
            {
                // U5: the rules of one Velero file see the object as it was before the file's first
                // rule (earlier rules of the group that did not match changed nothing).
                var conditionsOn = group is null ? state! : groupStart ??= state!.DeepClone();
                if (!OperatorRuleEngine.MatchesDocument(rule, conditionsOn))
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

                if (!MayChangeStrings(rule, source, dirty!))
                {
                    continue;
                }

                if (TryApply(context, rule, state!, touched!) is { } next)
                {
                    // A rule that changed nothing left the document as it was (undone ones are put
                    // back member for member), so only the paths of rules that changed it count.
                    foreach (var scope in RuleScope.Of(rule))
                    {
                        touched!.Add(scope);
                        dirty!.Add(scope);
                    }

                    if (touched!.IsWhole)
                    {
                        dirty!.AddWhole();
                    }

                    state = next;
                    changed.Add(rule);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                context.Warn($"rule {rule.Name} not applied to {Describe(context)}: a regex ran longer than 100 ms");
            }
        }

        return changed.Count == 0 ? Result.Nothing : new Result { Changed = changed, Before = start, After = state, Touched = touched! };
    }

    /// <summary>
    /// False when the rule only replaces strings and none of the strings at its paths matches its
    /// regex, read on the source while nothing at those paths has changed: then it changes
    /// nothing, and no node is built for it. True when it may change something (it then runs).
    /// </summary>
    private static bool MayChangeStrings(OperatorRule rule, JsonElement source, TouchedPaths dirty)
    {
        if (rule.Patch.Count > 0 || rule.MergePatch is not null || rule.Replace.Count == 0)
        {
            return true;
        }

        foreach (var replacement in rule.Replace)
        {
            if (dirty.Overlaps(replacement.Path.Tokens))
            {
                return true;
            }
        }

        foreach (var replacement in rule.Replace)
        {
            if (AnyMatch(source, replacement.Path.Tokens, 0, replacement.Regex))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a string the path reaches (through <c>*</c>: any member) matches the regex.</summary>
    private static bool AnyMatch(JsonElement node, IReadOnlyList<string> tokens, int index, Regex regex)
    {
        if (index == tokens.Count)
        {
            return node.ValueKind == JsonValueKind.String && regex.IsMatch(node.GetString()!);
        }

        var token = tokens[index];
        switch (node.ValueKind)
        {
            case JsonValueKind.Object when token == RulePointer.Wildcard:
                foreach (var member in node.EnumerateObject())
                {
                    if (AnyMatch(member.Value, tokens, index + 1, regex))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array when token == RulePointer.Wildcard:
                foreach (var element in node.EnumerateArray())
                {
                    if (AnyMatch(element, tokens, index + 1, regex))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Object:
                return node.TryGetProperty(token, out var child) && AnyMatch(child, tokens, index + 1, regex);
            case JsonValueKind.Array:
                return JsonTree.TryIndex(token, node.GetArrayLength() - 1, out var position) && AnyMatch(node[position], tokens, index + 1, regex);
            default:
                return false;
        }
    }

    private static JsonNode Tree(System.Text.Json.JsonElement source) => source.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(source)!,
        JsonValueKind.Array => JsonArray.Create(source)!,
        _ => JsonNode.Parse(source.GetRawText())!,
    };

    /// <summary>
    /// The document with the rule applied (<paramref name="state"/> itself, changed in place), or
    /// null when the rule does not apply or changes nothing (then <paramref name="state"/> is as it was).
    /// </summary>
    private static JsonNode? TryApply(MutationContext context, OperatorRule rule, JsonNode state, TouchedPaths touched)
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

        // A copy of only what the rule can change, to undo it on the live document.
        if (RuleSnapshot.Take(state, RuleScope.Of(rule)) is not { } snapshot)
        {
            touched.AddWhole();
            return TryApplyOnCopy(context, rule, state);
        }

        try
        {
            return TryApplyWithUndo(context, rule, state, snapshot);
        }
        catch (RegexMatchTimeoutException)
        {
            snapshot.Restore();
            throw;
        }
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
