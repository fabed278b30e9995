using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Rules.OperatorRules;

namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>A rule's <c>patch</c> (RFC 6902), <c>mergePatch</c> (RFC 7386) and <c>replace</c> (regex) lists.</summary>
internal static class RuleActionsReader
{
    private static readonly string[] OperationNames = ["add", "remove", "replace", "copy", "move", "test"];

    public static IReadOnlyList<RuleOperation> ReadPatch(ConfigSection rule, ref bool valid)
    {
        var operations = new List<RuleOperation>();
        foreach (var item in rule.SectionList("patch", "an operation {op, path, value | from}"))
        {
            if (ReadOperation(item) is { } operation)
            {
                operations.Add(operation);
            }
            else
            {
                valid = false;
            }
        }

        return operations;
    }

    private static RuleOperation? ReadOperation(ConfigSection item)
    {
        var op = item.String("op", string.Empty);
        var path = OperatorRulesReader.Pointer(item, "path", item.String("path", string.Empty));
        var fromText = item.String("from", string.Empty);
        var hasFrom = item.TryGetRaw("from", out _);
        var hasValue = item.TryGetRaw("value", out var valueNode);
        item.RejectUnknownKeys();
        if (!OperationNames.Contains(op, StringComparer.Ordinal))
        {
            item.Error("op", op.Length == 0 ? $"is required (one of {string.Join(", ", OperationNames)})" : $"must be one of {string.Join(", ", OperationNames)}, got '{ConfigChecks.Clip(op)}'");
            return null;
        }

        var kind = Enum.Parse<RuleOperationKind>(op, ignoreCase: true);
        var takesValue = kind is RuleOperationKind.Add or RuleOperationKind.Replace or RuleOperationKind.Test;
        var takesFrom = kind is RuleOperationKind.Copy or RuleOperationKind.Move;
        var ok = path is not null;
        if (takesValue != hasValue)
        {
            item.Error("value", takesValue ? $"is required for {op}" : $"is not used by {op}");
            ok = false;
        }

        if (takesFrom != hasFrom)
        {
            item.Error("from", takesFrom ? $"is required for {op}" : $"is not used by {op}");
            ok = false;
        }

        RulePointer? from = null;
        if (takesFrom && hasFrom)
        {
            from = OperatorRulesReader.Pointer(item, "from", fromText);
            ok &= from is not null;
            if (from is { HasWildcard: true })
            {
                item.Error("from", "cannot contain '*' (which member would be the source?)");
                ok = false;
            }
        }

        JsonNode? value = null;
        if (takesValue && hasValue && !YamlJson.TryConvert(valueNode, out value, out var error))
        {
            item.ErrorAt(valueNode, "value", error);
            ok = false;
        }

        if (path is not null && !CheckTarget(item, kind, path))
        {
            ok = false;
        }

        if (ok && takesValue && kind != RuleOperationKind.Test && MetadataShape.OfValue(path!.Tokens, value) is { } problem)
        {
            item.ErrorAt(valueNode, "value", problem);
            ok = false;
        }

        return ok ? new RuleOperation(kind, path!, from, value) : null;
    }

    internal static bool CheckTarget(ConfigSection item, RuleOperationKind kind, RulePointer path)
    {
        if (path.Tokens.Count == 0)
        {
            item.Error("path", "cannot address the whole object");
            return false;
        }

        if (kind is RuleOperationKind.Add or RuleOperationKind.Copy or RuleOperationKind.Move && path.Last == RulePointer.Wildcard)
        {
            item.Error("path", $"'*' cannot be the last segment of {kind.ToString().ToLowerInvariant()} (it names members that exist)");
            return false;
        }

        if (kind == RuleOperationKind.Move && path.HasWildcard)
        {
            item.Error("path", "move cannot contain '*' (the source would be moved once)");
            return false;
        }

        return true;
    }

    public static JsonObject? ReadMergePatch(ConfigSection rule, ref bool valid)
    {
        if (rule.Node("mergePatch") is not { } node)
        {
            return null;
        }

        if (!YamlJson.TryConvert(node, out var json, out var error) || json is not JsonObject patch)
        {
            rule.ErrorAt(node, "mergePatch", error.Length > 0 ? error : "must be a mapping (an RFC 7386 merge patch of the object)");
            valid = false;
            return null;
        }

        if (MetadataShape.OfMergePatch(patch) is { } problem)
        {
            rule.ErrorAt(node, "mergePatch", problem);
            valid = false;
            return null;
        }

        return patch;
    }

    public static IReadOnlyList<RegexReplacement> ReadReplace(ConfigSection rule, ref bool valid)
    {
        var replacements = new List<RegexReplacement>();
        foreach (var item in rule.SectionList("replace", "a replacement {path, regex, with}"))
        {
            var path = OperatorRulesReader.Pointer(item, "path", item.String("path", string.Empty));
            var pattern = item.String("regex", string.Empty);
            var with = item.String("with", string.Empty);
            var hasWith = item.TryGetRaw("with", out _);
            item.RejectUnknownKeys();
            if (pattern.Length == 0)
            {
                item.Error("regex", "is required");
            }

            if (!hasWith)
            {
                item.Error("with", "is required (write '' to delete the matches)");
            }

            var regex = pattern.Length == 0 ? null : OperatorRulesReader.CompileRegex(item, "regex", pattern);
            if (path is null || regex is null || !hasWith)
            {
                valid = false;
                continue;
            }

            replacements.Add(new RegexReplacement(path, regex, with));
        }

        return replacements;
    }
}
