using RestoreMutator.Transforms.Rules.OperatorRules;
using RestoreMutator.Transforms.Rules.OperatorRules.Velero;

namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>A Velero rule's <c>conditions</c>: groupResource, resourceNameRegex, namespaces, labelSelector, matches.</summary>
internal static partial class ResourceModifiersReader
{
    private static readonly RulePointer NamePointer = RulePointer.TryParse("/metadata/name", out var pointer, out _) ? pointer : throw new InvalidOperationException();


    private static RuleMatch ReadConditions(ConfigSection conditions, bool present, ref bool valid)
    {
        if (!present)
        {
            conditions.SectionError("conditions is required (at least groupResource)");
            valid = false;
            return RuleMatch.Everything;
        }

        var groupResource = conditions.String("groupResource", string.Empty);
        var kind = GroupResource(conditions, groupResource, ref valid);
        var fields = new List<FieldCondition>();
        var nameRegex = conditions.String("resourceNameRegex", string.Empty);
        if (nameRegex.Length > 0)
        {
            if (OperatorRulesReader.CompileRegex(conditions, "resourceNameRegex", nameRegex) is { } regex)
            {
                fields.Add(FieldCondition.ForRegex(NamePointer, regex));
            }
            else
            {
                valid = false;
            }
        }

        var namespaces = conditions.StringList("namespaces", []);
        foreach (var ns in namespaces.Where(ns => !KubernetesNames.IsDnsLabel(ns)))
        {
            conditions.Error("namespaces", $"'{ConfigChecks.Clip(ns)}' is not a namespace name (entries are exact source namespace names; for globs on the target namespace write a rules: entry)");
            valid = false;
        }

        var errors = false;
        var selector = RuleMatchReader.Selector(conditions, ref errors);
        valid &= !errors;
        foreach (var item in conditions.SectionList("matches", "a match {path, value}"))
        {
            var path = OperatorRulesReader.Pointer(item, "path", item.String("path", string.Empty));
            var value = Value(item, ref valid);
            item.RejectUnknownKeys();
            if (path is null)
            {
                valid = false;
                continue;
            }

            fields.Add(FieldCondition.ForEquals(path, value));
        }

        conditions.RejectUnknownKeys();
        return new RuleMatch
        {
            Kinds = [kind],
            SourceNamespaces = namespaces,
            LabelSelector = selector,
            Fields = fields,
        };
    }

    /// <summary>
    /// <c>groupResource</c>: <c>*</c> every core resource, <c>*.GROUP</c> every resource of a group,
    /// <c>*.*</c> every resource of every group (core included), else a resource of the table.
    /// </summary>
    private static KindPattern GroupResource(ConfigSection conditions, string text, ref bool valid)
    {
        if (text.Length == 0)
        {
            conditions.Error("groupResource", "is required (for example deployments.apps, pods, *.apps or *.*)");
            valid = false;
            return KindPattern.Any;
        }

        if (text == "*")
        {
            return new KindPattern(string.Empty, "*");
        }

        if (text == "*.*")
        {
            return KindPattern.Any;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var group = dot < 0 ? string.Empty : text[(dot + 1)..];
        if (text.StartsWith("*.", StringComparison.Ordinal) && KubernetesNames.IsDnsSubdomain(group))
        {
            return new KindPattern(group, "*");
        }

        if (text.IndexOfAny(['*', '?', '[', '{']) >= 0)
        {
            conditions.Error("groupResource", $"'{ConfigChecks.Clip(text)}': the wildcards supported are *, *.GROUP and *.* (for other patterns write a rules: entry with match.kinds)");
            valid = false;
            return KindPattern.Any;
        }

        if (!VeleroResources.TryGetKind(text, out var kind))
        {
            conditions.Error("groupResource", $"'{ConfigChecks.Clip(text)}' is not a resource this webhook knows (plural lowercase resource.group of the groups {string.Join(", ", VeleroResources.Groups)}); for another kind write a rules: entry with match.kinds group/Kind");
            valid = false;
            return KindPattern.Any;
        }

        return new KindPattern(kind.Group, kind.Kind);
    }
}
