namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// U3 at load: rules that would change their own result again on a second pass, decided from the
/// rule alone. A <c>test</c> operation or a <c>fields</c> condition may make the second pass a
/// no-op, so guarded rules are left to the run-time check (apply twice, refuse on a change).
/// </summary>
public static class RuleIdempotence
{
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
