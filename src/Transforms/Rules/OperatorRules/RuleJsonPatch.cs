using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// Applies a rule's RFC 6902 operations to a document in place, with U1/U1a semantics: a failed
/// <c>test</c> stops the rule silently, a <c>remove</c> of an absent path is a no-op, any other
/// operation that cannot apply stops the rule with a message. Through <c>*</c> segments an
/// operation applies to every member where it can and skips the others without a message.
/// The caller works on a copy and drops it when the outcome is not <see cref="RuleOutcome.Applied"/>.
/// </summary>
internal static class RuleJsonPatch
{
    public static RuleOutcome Apply(JsonNode document, IReadOnlyList<RuleOperation> operations, ref bool changed, out string failure)
    {
        failure = string.Empty;
        foreach (var operation in operations)
        {
            var outcome = operation.Path.HasWildcard
                ? ApplyWildcard(document, operation, ref changed, out failure)
                : ApplyOne(document, operation, operation.Path.Tokens, ref changed, out failure);
            if (outcome != RuleOutcome.Applied)
            {
                return outcome;
            }
        }

        return RuleOutcome.Applied;
    }

    private static RuleOutcome ApplyWildcard(JsonNode document, RuleOperation operation, ref bool changed, out string failure)
    {
        failure = string.Empty;
        var paths = operation.Path.Expand(document);
        if (operation.Kind == RuleOperationKind.Remove)
        {
            // Highest positions first, so each remove still addresses the element it was expanded for.
            paths.Reverse();
        }

        var tested = 0;
        foreach (var tokens in paths)
        {
            var applicable = operation.Kind switch
            {
                RuleOperationKind.Add or RuleOperationKind.Copy => JsonTree.TryGet(document, tokens, tokens.Length - 1, out var parent) && parent is JsonObject or JsonArray,
                _ => JsonTree.TryGet(document, tokens, out _),
            };
            if (!applicable)
            {
                continue;
            }

            tested++;
            var outcome = ApplyOne(document, operation, tokens, ref changed, out failure);
            if (outcome != RuleOutcome.Applied)
            {
                return outcome;
            }
        }

        // A wildcard test holds when every member that has the path passes and at least one has it.
        return operation.Kind == RuleOperationKind.Test && tested == 0 ? RuleOutcome.TestFailed : RuleOutcome.Applied;
    }

    private static RuleOutcome ApplyOne(JsonNode document, RuleOperation operation, IReadOnlyList<string> tokens, ref bool changed, out string failure)
    {
        failure = string.Empty;
        switch (operation.Kind)
        {
            case RuleOperationKind.Test:
                return JsonTree.TryGet(document, tokens, out var actual) && JsonNode.DeepEquals(actual, operation.Value)
                    ? RuleOutcome.Applied
                    : RuleOutcome.TestFailed;
            case RuleOperationKind.Remove:
                changed |= JsonTree.TryRemove(document, tokens, out _);
                return RuleOutcome.Applied;
            case RuleOperationKind.Replace:
                if (!JsonTree.TryGet(document, tokens, out var current) || tokens.Count == 0)
                {
                    return Fail($"replace of missing {RulePointer.Format(tokens)}", out failure);
                }

                if (!JsonNode.DeepEquals(current, operation.Value))
                {
                    JsonTree.TryReplace(document, tokens, operation.Value?.DeepClone());
                    changed = true;
                }

                return RuleOutcome.Applied;
            case RuleOperationKind.Add:
                return Add(document, tokens, operation.Value, ref changed)
                    ? RuleOutcome.Applied
                    : Fail($"add at {RulePointer.Format(tokens)}: no parent or index out of range", out failure);
            case RuleOperationKind.Copy:
                if (!JsonTree.TryGet(document, operation.From!.Tokens, out var source))
                {
                    return Fail($"copy from missing {operation.From.Text}", out failure);
                }

                return Add(document, tokens, source, ref changed)
                    ? RuleOutcome.Applied
                    : Fail($"copy to {RulePointer.Format(tokens)}: no parent or index out of range", out failure);
            default:
                return Move(document, operation.From!.Tokens, tokens, operation.From.Text, ref changed, out failure);
        }
    }

    /// <summary>An <c>add</c> that counts as a change unless it sets an object member to the value it already has.</summary>
    private static bool Add(JsonNode document, IReadOnlyList<string> tokens, JsonNode? value, ref bool changed)
    {
        if (JsonTree.TryGet(document, tokens, tokens.Count - 1, out var parent) && parent is JsonObject map
            && map.TryGetPropertyValue(tokens[^1], out var existing) && JsonNode.DeepEquals(existing, value))
        {
            return true;
        }

        if (!JsonTree.TryAdd(document, tokens, value?.DeepClone()))
        {
            return false;
        }

        changed = true;
        return true;
    }

    private static RuleOutcome Move(JsonNode document, IReadOnlyList<string> from, IReadOnlyList<string> to, string fromText, ref bool changed, out string failure)
    {
        failure = string.Empty;
        if (JsonTree.IsProperPrefix(from, to))
        {
            return Fail($"move from {fromText} into its own child {RulePointer.Format(to)}", out failure);
        }

        if (!JsonTree.TryGet(document, from, out var value))
        {
            return Fail($"move from missing {fromText}", out failure);
        }

        if (from.SequenceEqual(to, StringComparer.Ordinal))
        {
            return RuleOutcome.Applied;
        }

        // RFC 6902 4.4: remove from "from", then add at "path" against the result.
        var copy = value?.DeepClone();
        JsonTree.TryRemove(document, from, out _);
        changed = true;
        if (!JsonTree.TryAdd(document, to, copy))
        {
            return Fail($"move to {RulePointer.Format(to)}: no parent or index out of range", out failure);
        }

        return RuleOutcome.Applied;
    }

    private static RuleOutcome Fail(string message, out string failure)
    {
        failure = message;
        return RuleOutcome.Failed;
    }
}
