namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// U3 at load: rules that would change their own result again on a second pass, decided from the
/// rule alone. A <c>test</c> operation or a <c>fields</c> condition may make the second pass a
/// no-op, so guarded rules are left to the run-time check (apply twice, refuse on a change).
/// </summary>
public static class RuleIdempotence
{
    /// <summary>
    /// Whether a second application could change the rule's own result: true for rules with
    /// copy, move, array insertion or a regex replacement. Constant values set or removed at
    /// constant paths, tests and merge patches (RFC 7386 merges are idempotent) give the same
    /// result again, so those rules skip the run-time check.
    /// </summary>
    public static bool NeedsSecondPass(OperatorRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Replace.Count > 0
            || rule.Patch.Any(op => op.Kind is RuleOperationKind.Copy or RuleOperationKind.Move
                || (op.Kind == RuleOperationKind.Add && JsonTree.IsArrayPosition(op.Path.Last))
                || (op.Kind == RuleOperationKind.Remove && JsonTree.IsArrayPosition(op.Path.Last)));
    }

    /// <summary>
    /// Whether the rule can run on the live document without a copy: it needs no second pass and
    /// cannot stop after it changed something (no changing operation before one that can fail;
    /// merge patches never fail), so a rule that does not apply has changed nothing.
    /// </summary>
    public static bool CanApplyInPlace(OperatorRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (NeedsSecondPass(rule))
        {
            return false;
        }

        var changedBefore = false;
        foreach (var op in rule.Patch)
        {
            var canFail = op.Kind is not RuleOperationKind.Remove;
            if (canFail && changedBefore)
            {
                return false;
            }

            changedBefore |= op.Kind is not RuleOperationKind.Test;
        }

        return true;
    }

    /// <summary>Why <paramref name="rule"/> is not idempotent; empty when it is, may be, or is guarded.</summary>
    public static IEnumerable<string> Problems(OperatorRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Match.Fields.Count > 0 || rule.Patch.Any(op => op.Kind == RuleOperationKind.Test))
        {
            yield break;
        }

        foreach (var operation in rule.Patch)
        {
            if (operation.Kind is RuleOperationKind.Add or RuleOperationKind.Copy or RuleOperationKind.Move
                && JsonTree.IsArrayPosition(operation.Path.Last))
            {
                yield return operation.Path.Last == "-"
                    ? $"{operation.Op} to {operation.Path.Text} appends on every pass"
                    : $"{operation.Op} to {operation.Path.Text} inserts into an array on every pass";
            }

            // Taking element i out of an array leaves element i+1 at i for the next pass.
            var taken = operation.Kind switch
            {
                RuleOperationKind.Remove => operation.Path,
                RuleOperationKind.Move => operation.From,
                _ => null,
            };
            if (taken is not null && taken.Last != "-" && JsonTree.IsArrayPosition(taken.Last))
            {
                yield return $"{operation.Op} of {taken.Text} takes the next element on every pass";
            }
        }

        foreach (var replacement in rule.Replace)
        {
            // Without substitutions the replacement is the text written; if the regex matches it,
            // every pass replaces again (db.example.com -> db.example.com.internal).
            if (!replacement.With.Contains('$', StringComparison.Ordinal) && replacement.With.Length > 0
                && replacement.Regex.IsMatch(replacement.With))
            {
                yield return $"replace of '{Diagnostics.SafeText.Sanitize(replacement.Regex.ToString(), 60)}' in {replacement.Path.Text}: the replacement matches the regex again";
            }
        }
    }
}
