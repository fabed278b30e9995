using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Rules.OperatorRules;
using RestoreMutator.Transforms.Selectors;

namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>A rule's <c>match</c>: kinds, globs, a label selector and field conditions.</summary>
internal static class RuleMatchReader
{
    public static RuleMatch Read(ConfigSection match, ref bool valid)
    {
        var errors = false;
        var kinds = new List<KindPattern>();
        var kindTexts = match.StringList("kinds", []);
        foreach (var text in kindTexts)
        {
            if (KindPattern.TryParse(text, out var kind, out var error))
            {
                kinds.Add(kind);
            }
            else
            {
                match.Error("kinds", error);
                errors = true;
            }
        }

        var namespaces = Globs(match, "namespaces", ref errors);
        var names = Globs(match, "names", ref errors);
        var restores = Globs(match, "restores", ref errors);
        var selector = Selector(match, ref errors);
        var fields = Fields(match, ref errors);
        match.RejectUnknownKeys();
        valid &= !errors;
        return new RuleMatch
        {
            Kinds = kinds.Count == 0 ? [KindPattern.Any] : kinds,
            Namespaces = namespaces,
            Names = names,
            Restores = restores,
            LabelSelector = selector,
            Fields = fields,
        };
    }

    private static IReadOnlyList<string> Globs(ConfigSection match, string key, ref bool errors)
    {
        var globs = match.StringList(key, []);
        foreach (var glob in globs.Where(g => g.Length == 0))
        {
            match.Error(key, "an empty glob matches nothing; remove it");
            errors = true;
        }

        return globs;
    }

    internal static LabelSelector? Selector(ConfigSection match, ref bool errors)
    {
        if (match.Node("labelSelector") is not { } node)
        {
            return null;
        }

        if (!YamlJson.TryConvert(node, out var json, out var error) || json is not JsonObject map)
        {
            match.ErrorAt(node, "labelSelector", error.Length > 0 ? error : "must be a mapping with matchLabels and/or matchExpressions");
            errors = true;
            return null;
        }

        foreach (var (key, _) in map)
        {
            if (key is not ("matchLabels" or "matchExpressions"))
            {
                match.ErrorAt(node, $"labelSelector.{key}", "unknown key (known keys here: matchExpressions, matchLabels)");
                errors = true;
                return null;
            }
        }

        using var document = JsonDocument.Parse(json.ToJsonString());
        if (!LabelSelector.TryParse(document.RootElement, out var selector, out error))
        {
            match.ErrorAt(node, "labelSelector", error);
            errors = true;
            return null;
        }

        return selector;
    }

    private static List<FieldCondition> Fields(ConfigSection match, ref bool errors)
    {
        var conditions = new List<FieldCondition>();
        foreach (var field in match.SectionList("fields", "a condition {path, exists | equals | regex}"))
        {
            var pointer = OperatorRulesReader.Pointer(field, "path", field.String("path", string.Empty));
            var hasExists = field.TryGetRaw("exists", out _);
            var exists = field.Bool("exists", true);
            var hasEquals = field.TryGetRaw("equals", out var equalsNode);
            var pattern = field.String("regex", string.Empty);
            var hasRegex = field.TryGetRaw("regex", out _);
            field.RejectUnknownKeys();
            if ((hasExists ? 1 : 0) + (hasEquals ? 1 : 0) + (hasRegex ? 1 : 0) != 1)
            {
                field.SectionError("needs exactly one of exists, equals and regex");
                errors = true;
                continue;
            }

            if (pointer is null)
            {
                errors = true;
                continue;
            }

            if (hasExists)
            {
                conditions.Add(FieldCondition.ForExists(pointer, exists));
            }
            else if (hasEquals)
            {
                if (!YamlJson.TryConvert(equalsNode, out var value, out var error))
                {
                    field.ErrorAt(equalsNode, "equals", error);
                    errors = true;
                    continue;
                }

                conditions.Add(FieldCondition.ForEquals(pointer, value));
            }
            else if (OperatorRulesReader.CompileRegex(field, "regex", pattern) is { } regex)
            {
                conditions.Add(FieldCondition.ForRegex(pointer, regex));
            }
            else
            {
                errors = true;
            }
        }

        return conditions;
    }
}
