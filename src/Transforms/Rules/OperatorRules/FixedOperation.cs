using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// One operation of a rule that only tests, sets or removes constant values at constant object
/// members (the most common rules: stand-by replicas, a label, a suspended CronJob). Where no
/// family and no earlier rule changed anything at, above or under those members, such a rule is
/// worked out on the request itself and its answer is these operations, as the diff would write
/// them (<see cref="RuleDocument.TryApplyOnRequest"/>); no tree is built for it.
/// </summary>
/// <param name="Kind"><c>test</c>, <c>add</c>, <c>replace</c> or <c>remove</c>; a merge-patch leaf is an <c>add</c> (a value) or a <c>remove</c> (null).</param>
/// <param name="Tokens">The member's unescaped tokens (at least one).</param>
/// <param name="Pointer">The same, as an escaped RFC 6901 pointer.</param>
/// <param name="Value">The constant (JSON null is null); a scalar unless <paramref name="Kind"/> is <c>test</c>.</param>
/// <param name="FromMerge">A merge-patch leaf: RFC 7386 creates missing parents, so this form needs the parent to exist.</param>
internal sealed record FixedOperation(RuleOperationKind Kind, string[] Tokens, string Pointer, JsonNode? Value, bool FromMerge)
{
    /// <summary>
    /// The rule's operations in this form, or null when the rule has anything else: copy, move,
    /// regex replacements, a skip, <c>*</c> segments, the whole document, objects or arrays set
    /// (their diff is per leaf, or an array alignment), an empty object in a merge patch, paths
    /// at, above or under each other (their order would matter), or a second pass (U3).
    /// </summary>
    public static FixedOperation[]? Of(OperatorRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Skip || rule.Replace.Count > 0 || RuleIdempotence.NeedsSecondPass(rule))
        {
            return null;
        }

        var operations = new List<FixedOperation>();
        foreach (var operation in rule.Patch)
        {
            var settable = operation.Kind is RuleOperationKind.Add or RuleOperationKind.Replace;
            if (operation.Kind is not (RuleOperationKind.Test or RuleOperationKind.Remove) && !settable)
            {
                return null;
            }

            if (operation.Path.HasWildcard || operation.Path.Tokens.Count == 0 || (settable && operation.Value is JsonObject or JsonArray))
            {
                return null;
            }

            operations.Add(new FixedOperation(operation.Kind, [.. operation.Path.Tokens], operation.Path.Text, operation.Value, FromMerge: false));
        }

        if (rule.MergePatch is { } merge && !TryAddMergeLeaves(merge, [], operations))
        {
            return null;
        }

        for (var i = 0; i < operations.Count; i++)
        {
            for (var j = i + 1; j < operations.Count; j++)
            {
                var (first, second) = (operations[i].Tokens, operations[j].Tokens);
                if (first.AsSpan().SequenceEqual(second) || JsonTree.IsProperPrefix(first, second) || JsonTree.IsProperPrefix(second, first))
                {
                    return null;
                }
            }
        }

        return operations.Count == 0 ? null : [.. operations];
    }

    private static bool TryAddMergeLeaves(JsonObject patch, List<string> prefix, List<FixedOperation> operations)
    {
        foreach (var (name, value) in patch)
        {
            prefix.Add(name);
            switch (value)
            {
                case JsonObject { Count: > 0 } members:
                    if (!TryAddMergeLeaves(members, prefix, operations))
                    {
                        return false;
                    }

                    break;
                case JsonObject or JsonArray:
                    return false;
                default:
                    string[] tokens = [.. prefix];
                    operations.Add(new FixedOperation(value is null ? RuleOperationKind.Remove : RuleOperationKind.Add, tokens, RulePointer.Format(tokens), value, FromMerge: true));
                    break;
            }

            prefix.RemoveAt(prefix.Count - 1);
        }

        return true;
    }
}
